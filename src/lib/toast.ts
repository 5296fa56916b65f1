import { toast } from "sonner";
import type { Toast } from "./control-outcome";

/** Shows an outcome as a toast of its kind. */
export function showToast(t: Toast): void {
  const show = t.kind === "success" ? toast.success : t.kind === "warning" ? toast.warning : toast.error;
  show(t.title, { description: t.description });
}
