import { defineTorchExport, py } from '../../src/export/torch/emitter';

/**
 * view/denoising-replay (Ho et al. 2020, Fig. 6): at each kept frame (evenly spaced) of the chosen
 * samples, x̂_0 = (x_t + s²·score)/a read at the frame's path point (x/a where s ≤ 1e-6); the x̂_0
 * trajectory and a PNG of x_t beside x̂_0.
 */
export default defineTorchExport({
  type: 'view/denoising-replay',
  helpers: ['views', 'predictors', 'sampling'],
  emit: (node) =>
    [
      `first, samples, max_frames = ${py(node.params.first)}, ${py(node.params.samples)}, ${py(node.params.maxFrames)}`,
      'frames = trajectory.frames',
      'rest = list(frames.shape[2:])',
      'if not ((len(rest) == 3 and rest[2] == 1) or (len(rest) == 1 and math.isqrt(rest[0]) ** 2 == rest[0])):',
      "    raise NodeError(f'trajectory: expected grey images [k, N, H, W, 1] or square rows [k, N, s²], got frames {list(frames.shape)}')",
      'N = frames.shape[1]',
      'if first >= N:',
      "    raise NodeError(f'first: sample {first} does not exist (the trajectory follows {N})')",
      'n = min(samples, N - first)',
      'kept = stride_indices(frames.shape[0], max_frames)',
      '',
      'def point_at(time):',
      "    if trajectory.time_label == 't':",
      '        return schedule.a(time), schedule.s(time)',
      "    if trajectory.time_label == 'σ':",
      '        if time <= 0:',
      '            return 1.0, 0.0',
      '        a = schedule.a(schedule.t_of_sigma(time))',
      '        return a, a * time',
      "    raise NodeError(f\"trajectory: frames on a '{trajectory.time_label}' axis cannot be placed on the schedule's path (t or σ needed)\")",
      '',
      'xs, guesses = [], []',
      'for j in kept:',
      '    a, s = point_at(trajectory.times[j])',
      '    state = frames[j, first:first + n]',
      "    guesses.append(read_as(predictor, state, a, s, 'x0') if s > 1e-6 else state / a)",
      '    xs.append(state)',
      'times = [trajectory.times[j] for j in kept]',
      "flat = lambda t: t.reshape(t.shape[0], -1)",
      'side = lambda t: int(math.isqrt(flat(t).shape[1]))',
      "grid = torch.cat([flat(torch.cat(xs)), flat(torch.cat(guesses))]).reshape(-1, side(xs[0]), side(xs[0]))",
      "preview = images_view(ctx, grid, cols=n, max_images=grid.shape[0], title='x_t (top rows) and x̂₀ (bottom rows)')",
      "return {'x0': Trajectory(torch.stack(guesses), times, trajectory.time_label), 'preview': preview}",
    ].join('\n'),
});
