/**
 * Grid layout for the model builder: element centres on a column/row grid, subprocess bounds from
 * their children, boundary events on their host's bottom edge, orthogonal edges between anchor
 * points (with optional lanes for back edges), and label bounds that keep text off the lines.
 */
import type { FlowSpec, Model, NodeKind, Side } from './builder';

export interface Point {
  x: number;
  y: number;
}
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Shape {
  id: string;
  kind: NodeKind | 'boundary';
  bounds: Bounds;
  label?: Bounds;
}
export interface Edge {
  id: string;
  waypoints: Point[];
  label?: Bounds;
}

export const COL = 150;
export const ROW = 130;
const ORIGIN = { x: 120, y: 110 };
const SUB_PAD = { left: 40, right: 40, top: 45, bottom: 45 };

const SIZE: Record<NodeKind | 'boundary', [number, number]> = {
  start: [36, 36],
  end: [36, 36],
  timerCatch: [36, 36],
  messageCatch: [36, 36],
  boundary: [36, 36],
  xor: [50, 50],
  and: [50, 50],
  event: [50, 50],
  service: [100, 80],
  user: [100, 80],
  script: [100, 80],
  call: [100, 80],
  sub: [0, 0],
};

const isSmall = (k: NodeKind | 'boundary') => SIZE[k][0] <= 50;
const isGateway = (k: NodeKind | 'boundary') => k === 'xor' || k === 'and' || k === 'event';

/** Label box for text: ~12 px per CJK character, ~7 px otherwise, wrapped at `maxWidth`. */
function textBox(text: string, maxWidth = 110): { width: number; height: number } {
  const width = [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 12 : 7), 0);
  const lines = Math.max(1, Math.ceil(width / maxWidth));
  return { width: Math.min(width, maxWidth) + 4, height: lines * 14 };
}

const centre = (b: Bounds): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

function anchor(b: Bounds, side: Side): Point {
  const c = centre(b);
  switch (side) {
    case 'left':
      return { x: b.x, y: c.y };
    case 'right':
      return { x: b.x + b.width, y: c.y };
    case 'top':
      return { x: c.x, y: b.y };
    case 'bottom':
      return { x: c.x, y: b.y + b.height };
  }
}

const gridX = (col: number) => ORIGIN.x + col * COL;

export function layout(m: Model): { shapes: Shape[]; edges: Edge[] } {
  const minRow = Math.min(...m.nodes.filter((n) => n.kind !== 'sub').map((n) => n.row)) - 0.5;
  const gridY = (row: number) => ORIGIN.y + (row - minRow) * ROW;
  const shapes = new Map<string, Shape>();
  const kinds = new Map<string, NodeKind | 'boundary'>();
  const boundarySide = new Map<string, Side>();

  for (const n of m.nodes.filter((x) => x.kind !== 'sub')) {
    const [w, h] = SIZE[n.kind];
    const bounds = { x: gridX(n.col) - w / 2, y: gridY(n.row) - h / 2, width: w, height: h };
    const shape: Shape = { id: n.id, kind: n.kind, bounds };
    shapes.set(n.id, shape);
    kinds.set(n.id, n.kind);
  }
  // Subprocesses: the union of their children (innermost first), padded.
  const subs = m.nodes.filter((x) => x.kind === 'sub');
  for (const s of subs.reverse()) {
    const kids = [...m.nodes.filter((x) => x.parent === s.id).map((x) => shapes.get(x.id)!)];
    if (kids.length === 0) throw new Error(`subprocess ${s.id} has no children`);
    const x1 = Math.min(...kids.map((k) => k.bounds.x)) - SUB_PAD.left;
    const y1 = Math.min(...kids.map((k) => Math.min(k.bounds.y, k.label?.y ?? Infinity))) - SUB_PAD.top;
    const x2 = Math.max(...kids.map((k) => k.bounds.x + k.bounds.width)) + SUB_PAD.right;
    // Back edges and detours inside run on lanes: keep them inside the box too.
    const kidIds = new Set(m.nodes.filter((x) => x.parent === s.id).map((x) => x.id));
    const lanes = m.flows
      .filter((f) => f.lane !== undefined && kidIds.has(f.from))
      .map((f) => gridY(f.lane!));
    const yTop = Math.min(y1, ...lanes.map((y) => y - 40));
    const y2 =
      Math.max(
        ...kids.map((k) => k.bounds.y + k.bounds.height),
        ...lanes.map((y) => y + 25 - SUB_PAD.bottom),
      ) + SUB_PAD.bottom;
    shapes.set(s.id, {
      id: s.id,
      kind: 'sub',
      bounds: { x: x1, y: yTop, width: x2 - x1, height: y2 - yTop },
    });
    kinds.set(s.id, 'sub');
  }
  for (const b of m.boundaries) {
    const host = shapes.get(b.host);
    if (!host) throw new Error(`boundary ${b.id}: unknown host ${b.host}`);
    const cx = gridX(b.col);
    if (cx < host.bounds.x + 18 || cx > host.bounds.x + host.bounds.width - 18) {
      throw new Error(`boundary ${b.id} lies outside its host ${b.host}`);
    }
    const top = b.side === 'top';
    const cy = top ? host.bounds.y : host.bounds.y + host.bounds.height;
    const t = textBox(b.name, 100);
    shapes.set(b.id, {
      id: b.id,
      kind: 'boundary',
      bounds: { x: cx - 18, y: cy - 18, width: 36, height: 36 },
      label: { x: cx + 22, y: top ? cy - 4 - t.height : cy + 4, ...t },
    });
    boundarySide.set(b.id, top ? 'top' : 'bottom');
    kinds.set(b.id, 'boundary');
  }

  const edges = m.flows.map((f) => route(f, shapes, kinds, gridY, boundarySide.get(f.from)));
  for (const n of m.nodes) {
    const shape = shapes.get(n.id)!;
    if (isSmall(n.kind) && n.name) shape.label = smallLabel(shape, n.name, edges);
  }
  return { shapes: [...shapes.values()], edges };
}

/**
 * Label of an event or gateway, placed where no edge touches the shape: gateways top-left (flow
 * labels sit right of their lines), events below, else above, else to the right.
 */
function smallLabel(shape: Shape, name: string, edges: Edge[]): Bounds {
  const b = shape.bounds;
  const c = centre(b);
  const t = textBox(name, isGateway(shape.kind) ? 86 : 100);
  if (isGateway(shape.kind)) return { x: c.x - t.width - 8, y: b.y - t.height + 6, ...t };
  const touches = (p: Point) =>
    edges.some((e) =>
      [e.waypoints[0]!, e.waypoints[e.waypoints.length - 1]!].some(
        (q) => Math.hypot(q.x - p.x, q.y - p.y) < 1,
      ),
    );
  if (!touches(anchor(b, 'bottom'))) return { x: c.x - t.width / 2, y: b.y + b.height + 6, ...t };
  if (!touches(anchor(b, 'top'))) return { x: c.x - t.width / 2, y: b.y - t.height - 6, ...t };
  return { x: b.x + b.width + 6, y: c.y + 4, ...t };
}

function route(
  f: FlowSpec,
  shapes: Map<string, Shape>,
  kinds: Map<string, NodeKind | 'boundary'>,
  gridY: (row: number) => number,
  boundarySide?: Side,
): Edge {
  const s = shapes.get(f.from);
  const t = shapes.get(f.to);
  if (!s || !t) throw new Error(`flow ${f.id}: unknown ${s ? f.to : f.from}`);
  const sk = kinds.get(f.from)!;
  const tk = kinds.get(f.to)!;
  const sc = centre(s.bounds);
  const tc = centre(t.bounds);
  const sameRow = Math.abs(sc.y - tc.y) < 1;
  const sameCol = Math.abs(sc.x - tc.x) < 1;
  const forward = tc.x > sc.x + 1;
  const down = tc.y > sc.y;

  let exit: Side;
  let enter: Side;
  if (sk === 'boundary') {
    exit = boundarySide ?? 'bottom';
    enter = sameCol ? 'top' : forward ? 'left' : 'right';
  } else if (f.lane !== undefined) {
    const laneY = gridY(f.lane);
    exit = laneY > sc.y ? 'bottom' : 'top';
    enter = laneY > tc.y ? 'bottom' : 'top';
  } else if (sk === 'sub' || tk === 'sub') {
    exit = forward ? 'right' : 'left';
    enter = forward ? 'left' : 'right';
  } else if (sameRow) {
    exit = forward ? 'right' : 'left';
    enter = forward ? 'left' : 'right';
  } else if (sameCol) {
    exit = down ? 'bottom' : 'top';
    enter = down ? 'top' : 'bottom';
  } else if (isGateway(sk) || sk === 'start') {
    exit = down ? 'bottom' : 'top';
    enter = forward ? 'left' : 'right';
  } else if (isGateway(tk) || tk === 'end') {
    exit = forward ? 'right' : 'left';
    enter = down ? 'top' : 'bottom';
  } else {
    exit = forward ? 'right' : 'left';
    enter = forward ? 'left' : 'right';
  }
  exit = f.exit ?? exit;
  enter = f.enter ?? enter;

  // A subprocess is entered and left at the height of the flow's other end (its main row).
  const p0 =
    sk === 'sub' && !(exit === 'top' || exit === 'bottom')
      ? { ...anchor(s.bounds, exit), y: tc.y }
      : anchor(s.bounds, exit);
  const pn =
    tk === 'sub' && !(enter === 'top' || enter === 'bottom')
      ? { ...anchor(t.bounds, enter), y: p0.y }
      : anchor(t.bounds, enter);
  const vOut = exit === 'top' || exit === 'bottom';
  const vIn = enter === 'top' || enter === 'bottom';
  let pts: Point[];
  if (vOut && vIn) {
    const y = f.lane !== undefined ? gridY(f.lane) : (p0.y + pn.y) / 2;
    pts = Math.abs(p0.x - pn.x) < 1 ? [p0, pn] : [p0, { x: p0.x, y }, { x: pn.x, y }, pn];
  } else if (!vOut && !vIn) {
    const x = f.laneCol !== undefined ? gridX(f.laneCol) : (p0.x + pn.x) / 2;
    pts = Math.abs(p0.y - pn.y) < 1 ? [p0, pn] : [p0, { x, y: p0.y }, { x, y: pn.y }, pn];
  } else if (vOut) {
    pts = [p0, { x: p0.x, y: pn.y }, pn];
  } else {
    pts = [p0, { x: pn.x, y: p0.y }, pn];
  }
  pts = pts.filter((p, i) => i === 0 || Math.abs(p.x - pts[i - 1]!.x) + Math.abs(p.y - pts[i - 1]!.y) > 0.5);

  const edge: Edge = { id: f.id, waypoints: pts };
  if (f.name) {
    // Beside the first segment, a little away from the source.
    const t = textBox(f.name, 90);
    const [a, b] = [pts[0]!, pts[1]!];
    const horizontal = Math.abs(a.y - b.y) < 1;
    edge.label = horizontal
      ? { x: Math.min(a.x, b.x) + 8, y: a.y - t.height - 3, ...t }
      : { x: a.x + 6, y: b.y > a.y ? a.y + 6 : a.y - t.height - 6, ...t };
  }
  return edge;
}
