import { create } from 'zustand';
import type { ImagesPreview, Preview, ReplayPreview } from '../../engine/preview';

/** Previews drawn as pictures: a click on one opens it large. */
export type PicturePreview = ImagesPreview | ReplayPreview;

export const isPicture = (p: Preview): p is PicturePreview => p.kind === 'images' || p.kind === 'replay';

interface LightboxState {
  preview: PicturePreview | null;
  title: string;
  /** The replay frame shown (0 = the start of sampling, k − 1 = the samples). */
  frame: number;
}

export const useLightbox = create<LightboxState>()(() => ({ preview: null, title: '', frame: 0 }));

/** Open a picture large; a replay opens on its middle frame (x̂₀ already a digit, x_t still noisy). */
export function openLightbox(preview: PicturePreview, title = ''): void {
  useLightbox.setState({ preview, title, frame: preview.kind === 'replay' ? Math.floor((preview.k - 1) / 2) : 0 });
}

export function closeLightbox(): void {
  useLightbox.setState({ preview: null });
}
