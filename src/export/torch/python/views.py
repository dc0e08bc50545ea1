# View nodes (nodes/view/): each draws a PNG next to the .npy files with matplotlib when it is
# installed; without it the view is skipped and says so (its 'preview' output is a note, and the
# summary names it). The same subsampling as the lab's previews: evenly spaced rows, first and last kept.
import math
import os

import torch

try:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
except Exception:  # noqa: BLE001 - the script needs only torch and numpy: views are then skipped
    plt = None


class Preview:
    """What a view node outputs: the PNG it wrote, or why it wrote none."""

    def __init__(self, path=None, note=None):
        self.path, self.note = path, note

    def describe(self):
        return f'wrote {os.path.basename(self.path)}' if self.path else self.note


def stride_indices(n, m):
    """m evenly spaced indices into 0…n−1, first and last included: round(k·(n−1)/(m−1))."""
    count = max(0, min(n, m))
    if count <= 1:
        return list(range(count))
    step = (n - 1) / (count - 1)
    return [math.floor(k * step + 0.5) for k in range(count)]


def _figure(ctx, draw, title=''):
    if plt is None:
        return Preview(note='skipped: matplotlib is not installed (pip install matplotlib, or apt install python3-matplotlib)')
    fig, ax = plt.subplots(figsize=(5, 5))
    draw(fig, ax)
    if title:
        ax.set_title(title)
    path = os.path.join(ctx.out, f"{ctx.node.replace('/', '_')}.png")
    fig.savefig(path, dpi=100, bbox_inches='tight')
    plt.close(fig)
    return Preview(path=path)


def _xy(points, m):
    p = points[stride_indices(points.shape[0], m)].detach().cpu().float()
    y = p[:, 1] if p.shape[1] > 1 else torch.zeros(p.shape[0])
    return p[:, 0].numpy(), y.numpy()


def scatter_view(ctx, x, reference=None, max_points=2000, title=''):
    """Points by their first two coordinates, over an optional reference set."""
    def draw(fig, ax):
        if reference is not None:
            ax.scatter(*_xy(reference, max_points), s=3, c='#bbbbbb', label='reference')
        ax.scatter(*_xy(x, max_points), s=3, c='#1f77b4')
        ax.set_aspect('equal', adjustable='datalim')
    return _figure(ctx, draw, title)


def trajectory_view(ctx, trajectory, max_points=500, max_frames=100):
    """Paths of followed points through the kept frames (first two coordinates)."""
    frames = trajectory.frames
    kept = stride_indices(frames.shape[0], max_frames)
    rows = stride_indices(frames.shape[1], max_points)
    f = frames[kept][:, rows].detach().cpu().float()

    def draw(fig, ax):
        for j in range(f.shape[1]):
            ax.plot(f[:, j, 0].numpy(), (f[:, j, 1] if f.shape[2] > 1 else torch.zeros(f.shape[0])).numpy(), lw=0.5, alpha=0.5)
        ax.scatter(f[-1, :, 0].numpy(), (f[-1, :, 1] if f.shape[2] > 1 else torch.zeros(f.shape[1])).numpy(), s=3, c='k')
    return _figure(ctx, draw, f'trajectory ({trajectory.time_label} {trajectory.times[0]:.3g} → {trajectory.times[-1]:.3g})')


def histogram_view(ctx, x, bins=60, dim=0):
    if x.dim() != 2 or dim >= x.shape[1]:
        raise ValueError(f'x: dim {dim} is out of range for points of shape {list(x.shape)}')
    return _figure(ctx, lambda fig, ax: ax.hist(x[:, dim].detach().cpu().float().numpy(), bins=bins), f'coordinate {dim}')


def series_view(ctx, series, max_points=2000, log_y=False, log_x=False):
    idx = stride_indices(len(series.x), max_points)

    def draw(fig, ax):
        ax.plot([series.x[i] for i in idx], [series.y[i] for i in idx])
        ax.set_xlabel(series.x_label)
        ax.set_ylabel(series.y_label)
        if log_y:
            ax.set_yscale('log')
        if log_x:
            ax.set_xscale('log')
    return _figure(ctx, draw, series.name)


def lines_view(ctx, lines, x_label, y_label, title):
    def draw(fig, ax):
        for name, xs, ys in lines:
            ax.plot(xs, ys, label=name)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.legend()
    return _figure(ctx, draw, title)


def image_grid(images, cols):
    """[N, H, W] in [−1, 1] as one [rows·H, cols·W] array in [0, 1]."""
    n, h, w = images.shape
    rows = -(-n // cols)
    grid = torch.full((rows * h, cols * w), 0.0)
    for k in range(n):
        r, c = divmod(k, cols)
        grid[r * h:(r + 1) * h, c * w:(c + 1) * w] = (images[k].float().cpu() + 1) / 2
    return grid.clamp(0, 1).numpy()


def images_view(ctx, images, cols=8, max_images=64, height=0, width=0, title=''):
    """Grey images [N, H, W, 1] or [N, H, W], or rows [N, H·W] (square unless height/width say otherwise)."""
    x = images[:max_images].detach()
    if x.dim() == 4:
        x = x[..., 0]
    elif x.dim() == 2:
        d = x.shape[1]
        h = height or (d // width if width else math.isqrt(d))
        w = width or d // h
        if h * w != d:
            raise ValueError(f'images: rows of {d} numbers are not {h}×{w} images; set height and width')
        x = x.reshape(-1, h, w)
    return _figure(ctx, lambda fig, ax: (ax.imshow(image_grid(x, min(cols, x.shape[0])), cmap='gray', vmin=0, vmax=1), ax.axis('off')), title)
