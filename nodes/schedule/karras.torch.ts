import { scheduleEmitter } from '../../src/export/torch/common';

/** schedule/karras as schedules.py's karras_schedule (the same float64 formulas as nodes/lib/schedules/). */
export default scheduleEmitter('schedule/karras', 'karras_schedule');
