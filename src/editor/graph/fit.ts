/**
 * How every "fit view" frames the graph: a margin, and never above 1× (a one- or two-node
 * graph would otherwise fill the screen at 2.5×, and the next dropped node land on the first).
 */
export const FIT_VIEW = { padding: 0.12, maxZoom: 1 } as const;
