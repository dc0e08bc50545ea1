import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/ve as schedules.py's ve_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/ve', 've_schedule');
