"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Component, type ErrorInfo, type ReactNode } from "react";

interface BoundaryState {
  error: Error | null;
}

/** One failing panel shows its error and a retry; the rest of the page keeps working. */
class PanelBoundary extends Component<{ title: string; onRetry: () => void; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(`panel "${this.props.title}" failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="text-sm text-red-300">
        <p data-testid="panel-failed">This panel failed: {this.state.error.message}</p>
        <button
          type="button"
          className="mt-2 rounded border border-red-400/40 px-2 py-1 text-xs hover:bg-red-400/10"
          data-testid="panel-retry"
          onClick={() => {
            this.props.onRetry();
            this.setState({ error: null });
          }}
        >
          Retry
        </button>
      </div>
    );
  }
}

export function Panel({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const queryClient = useQueryClient();
  // The failed panel's queries are unmounted now: drop their cached answers so a retry fetches anew.
  const forgetUnshownQueries = () => queryClient.removeQueries({ type: "inactive" });
  return (
    <section data-panel={title} className="min-w-0 rounded-lg border border-panel-border bg-panel p-4">
      <header className="mb-3 flex items-center justify-between">
        <h2 className="text-xs font-semibold uppercase tracking-wider text-gray-400">{title}</h2>
        {actions}
      </header>
      <PanelBoundary title={title} onRetry={forgetUnshownQueries}>
        {children}
      </PanelBoundary>
    </section>
  );
}
