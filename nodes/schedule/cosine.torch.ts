import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/cosine as schedules.py's cosine_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/cosine', 'cosine_schedule');
