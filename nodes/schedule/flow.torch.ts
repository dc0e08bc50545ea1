import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/flow as schedules.py's flow_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/flow', 'flow_schedule');
