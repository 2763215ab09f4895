// Colours. Where state matters a colour is always paired with a pattern or text.

export const KIND_PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#e15759", "#bab0ac"];

export const ROLE_FILL = ["#e2e8f0", "#f6c453", "#fbe3a6", "#2b6cb0"];
export const ROLE_TEXT = ["#334155", "#5c3d00", "#5c3d00", "#ffffff"];
export const ROLE_SHORT = ["F", "C", "PC", "L"];

export const FAULT_COLOR: Record<string, string> = {
  partition: "#dd6b20",
  loss: "#805ad5",
  duplicate: "#319795",
  delay: "#b7791f",
  skew: "#d53f8c",
  crash: "#1a202c",
  restart: "#38a169",
  pause: "#718096",
  resume: "#68d391",
  remove: "#742a2a",
  heal: "#48bb78",
  run: "#2c5282",
};

export const VIOLATION = "#e53e3e";
export const CURSOR = "#2563eb";

export function tickColor(type: string): string {
  if (type.startsWith("raft.")) return "#475569";
  if (type.startsWith("task.") || type.startsWith("container.")) return "#2f855a";
  if (type.startsWith("service.")) return "#2c7a7b";
  if (type.startsWith("check.")) return VIOLATION;
  if (type.startsWith("op.") || type.startsWith("client.")) return "#b7791f";
  if (type.startsWith("node.") || type.startsWith("net.") || type.startsWith("clock.")) return "#9c4221";
  return "#718096";
}

export const TASK_STATE_COLOR: Record<string, string> = {
  new: "#e2e8f0",
  pending: "#faf089",
  assigned: "#fbd38d",
  accepted: "#fbd38d",
  preparing: "#f6e05e",
  ready: "#f6e05e",
  starting: "#9ae6b4",
  running: "#38a169",
  complete: "#a0aec0",
  shutdown: "#cbd5e0",
  failed: "#e53e3e",
  rejected: "#c53030",
  remove: "#a0aec0",
  orphaned: "#9f7aea",
};

/** A canvas pattern: diagonal hatch, horizontal dashes, cross hatch or dots. */
export function pattern(ctx: CanvasRenderingContext2D, kind: "diag" | "horiz" | "cross" | "dots", color: string): CanvasPattern {
  const c = document.createElement("canvas");
  c.width = 8;
  c.height = 8;
  const g = c.getContext("2d")!;
  g.strokeStyle = color;
  g.fillStyle = color;
  g.lineWidth = 1.5;
  g.beginPath();
  if (kind === "diag" || kind === "cross") {
    g.moveTo(0, 8);
    g.lineTo(8, 0);
    g.moveTo(-2, 2);
    g.lineTo(2, -2);
    g.moveTo(6, 10);
    g.lineTo(10, 6);
  }
  if (kind === "cross") {
    g.moveTo(0, 0);
    g.lineTo(8, 8);
  }
  if (kind === "horiz") {
    g.moveTo(0, 4);
    g.lineTo(5, 4);
  }
  g.stroke();
  if (kind === "dots") g.fillRect(3, 3, 2, 2);
  return ctx.createPattern(c, "repeat")!;
}
