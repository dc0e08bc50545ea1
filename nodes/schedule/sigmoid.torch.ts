import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/sigmoid as schedules.py's sigmoid_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/sigmoid', 'sigmoid_schedule');
