import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/scaled-linear as schedules.py's scaled_linear_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/scaled-linear', 'scaled_linear_schedule');
