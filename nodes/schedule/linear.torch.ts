import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/linear as schedules.py's linear_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/linear', 'linear_schedule');
