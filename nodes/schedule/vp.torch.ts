import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/vp as schedules.py's vp_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/vp', 'vp_schedule');
