# Classifier readings (nodes/lib/nn/classifier-readout.ts, nodes/lib/linalg/frechet.ts) for
# metric/digits and metric/accuracy: penultimate features, predicted class and confidence of each
# image, and the Fréchet distance of Gaussians fitted to feature sets (Heusel et al. 2017):
#   FD = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}   (Dowson & Landau 1982).
import torch


def read_classifier(net, x, chunk=500):
    """(features [n, hidden] float64, predicted [n], confidence [n]) in chunks of 500 images."""
    feats, preds, confs = [], [], []
    with torch.no_grad():
        for start in range(0, x.shape[0], chunk):
            phi, logits = net.features_and_logits(x[start:start + chunk])
            feats.append(phi.double().cpu())
            confs.append(torch.softmax(logits, 1).max(1).values.cpu())
            preds.append(logits.argmax(1).cpu())
    return torch.cat(feats), torch.cat(preds), torch.cat(confs)


def gaussian_stats(rows):
    """Mean and unbiased covariance of rows of features, in float64."""
    rows = rows.double()
    mean = rows.mean(0)
    c = rows - mean
    return mean, c.T @ c / (rows.shape[0] - 1)


def _psd_sqrt(m):
    w, v = torch.linalg.eigh((m + m.T) / 2)
    return (v * w.clamp(min=0).sqrt()) @ v.T


def frechet_distance(s1, s2):
    (m1, c1), (m2, c2) = s1, s2
    r = _psd_sqrt(c1)
    inner = r @ c2 @ r
    tr_sqrt = torch.linalg.eigvalsh((inner + inner.T) / 2).clamp(min=0).sqrt().sum()
    return float(((m1 - m2) ** 2).sum() + torch.trace(c1) + torch.trace(c2) - 2 * tr_sqrt)
