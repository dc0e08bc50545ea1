import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Narrowest a result card may be (px): a 200 px plot and its margins. */
export const CARD_MIN = 220;
export const GAP = 10;
/** The list's left and right padding (overlays.css .results-list): no more than GAP, so the card after a page starts past the visible edge. */
const PAD = 10;
/** Wheel travel (px) that turns the strip by one card. */
const WHEEL_STEP = 60;

/**
 * How many whole cards fit side by side in a strip of this inner width, and how wide each
 * is: n cards of width w with n − 1 gaps fill the width exactly, so with the strip snapped
 * to a card's left edge none is cut at the right edge.
 */
export function stripLayout(width: number): { perPage: number; card: number } {
  const inner = Math.max(0, width - 2 * PAD);
  const perPage = Math.max(1, Math.floor((inner + GAP) / (CARD_MIN + GAP)));
  return { perPage, card: Math.floor((inner - (perPage - 1) * GAP) / perPage) };
}

/** What lies left and right of the visible part: cards wholly or partly out of view. */
export interface StripState {
  perPage: number;
  card: number;
  /** Height (px) a card may take: the strip's inner height. */
  height: number;
  before: number;
  after: number;
  /** Cards in the strip (the checklist counts as one). */
  total: number;
}

/** Children whose box is not wholly inside the strip's visible box, on each side. */
function hidden(list: HTMLElement): { before: number; after: number; total: number } {
  const box = list.getBoundingClientRect();
  let before = 0;
  let after = 0;
  let total = 0;
  for (const el of Array.from(list.children)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || !el.matches('.result-card, .checklist')) continue;
    total++;
    if (r.left < box.left + PAD - 1) before++;
    else if (r.right > box.right - PAD + 1) after++;
  }
  return { before, after, total };
}

/** Whether an element inside the strip can still scroll vertically in the wheel's direction (then it takes the wheel). */
function scrollsVertically(target: EventTarget | null, list: HTMLElement, dy: number): boolean {
  for (let el = target as HTMLElement | null; el && el !== list; el = el.parentElement) {
    if (el.scrollHeight <= el.clientHeight + 1) continue;
    const style = getComputedStyle(el).overflowY;
    if (style !== 'auto' && style !== 'scroll') continue;
    if (dy < 0 ? el.scrollTop > 0 : el.scrollTop + el.clientHeight < el.scrollHeight - 1) return true;
  }
  return false;
}

/**
 * A horizontal strip of cards that pages by whole cards: its layout (cards per page, card
 * width) follows its width; `page(±1)` turns it by a page; a vertical wheel turns it card by
 * card unless a card under the pointer scrolls itself; `before`/`after` count what is out of
 * view, for the panel's visible ‹ 1–2 of 9 › controls (overlay scrollbars, and headless
 * Chromium's, show nothing).
 */
export function useResultsStrip(ref: RefObject<HTMLDivElement | null>, open: boolean, contents: string): StripState & { page: (dir: -1 | 1) => void } {
  const [state, setState] = useState<StripState>({ perPage: 1, card: CARD_MIN, height: 200, before: 0, after: 0, total: 0 });
  const measure = useCallback(() => {
    const list = ref.current;
    if (!list) return;
    const style = getComputedStyle(list);
    const height = list.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const next = { ...stripLayout(list.clientWidth), height: Math.max(0, Math.floor(height)), ...hidden(list) };
    setState((s) => (s.perPage === next.perPage && s.card === next.card && s.height === next.height && s.before === next.before && s.after === next.after && s.total === next.total ? s : next));
  }, [ref]);

  // Again when what the strip holds changes (and once its cards have taken their new width).
  useLayoutEffect(measure, [measure, open, contents, state.card]);
  useEffect(() => {
    const list = ref.current;
    if (!list) return;
    let frame = 0;
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    const observer = new ResizeObserver(later);
    observer.observe(list);
    list.addEventListener('scroll', later, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      list.removeEventListener('scroll', later);
    };
  }, [ref, measure, open]);

  // A vertical wheel over the strip turns it, a card per step (most mice have no horizontal wheel).
  const travel = useRef(0);
  const card = useRef(state.card);
  card.current = state.card;
  useEffect(() => {
    const list = ref.current;
    if (!list) return;
    const onWheel = (e: WheelEvent) => {
      if (Math.abs(e.deltaX) >= Math.abs(e.deltaY) || e.ctrlKey) return;
      if (list.scrollWidth <= list.clientWidth + 1 || scrollsVertically(e.target, list, e.deltaY)) return;
      e.preventDefault();
      travel.current += e.deltaY;
      if (Math.abs(travel.current) < WHEEL_STEP) return;
      const step = Math.sign(travel.current) * (card.current + GAP);
      travel.current = 0;
      list.scrollBy({ left: step, behavior: 'smooth' });
    };
    list.addEventListener('wheel', onWheel, { passive: false });
    return () => list.removeEventListener('wheel', onWheel);
  }, [ref, open]);

  const page = useCallback(
    (dir: -1 | 1) => {
      const list = ref.current;
      if (!list) return;
      list.scrollBy({ left: dir * Math.max(state.card + GAP, list.clientWidth - 2 * PAD + GAP), behavior: 'smooth' });
    },
    [ref, state.card],
  );
  return { ...state, page };
}
