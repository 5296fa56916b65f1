"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRef, useState } from "react";
import { type CallFailure, failureToast } from "@/lib/control-outcome";
import { formatSigned } from "@/lib/format";
import { showToast } from "@/lib/toast";
import { usePriceFormat } from "@/lib/use-price-format";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { EmptyRow } from "./empty-row";
import { CONTROL_TIMEOUT_MS } from "./engine-panel";
import { When } from "./when";

type Selected = { kind: "position"; symbol: string } | { kind: "order"; id: string } | null;

/** Open positions and orders, refreshed when the engine reports a trading event (no polling). */
export function PositionsOrders() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const portfolio = useQuery(trpc.trading.portfolio.queryOptions());
  const [selected, setSelected] = useState<Selected>(null);
  const [busy, setBusy] = useState(false);
  const { price } = usePriceFormat();
  const lastRefresh = useRef(0);

  useSubscription(
    trpc.trading.onEvents.subscriptionOptions(undefined, {
      onData: () => {
        // Fills come in bursts: refresh at most every half second.
        const now = Date.now();
        if (now - lastRefresh.current < 500) return;
        lastRefresh.current = now;
        void queryClient.invalidateQueries({ queryKey: trpc.trading.portfolio.queryKey() });
      },
    }),
  );

  const p = portfolio.data;
  const position = selected?.kind === "position" ? p?.positions.find((x) => x.symbol === selected.symbol) : undefined;
  const order = selected?.kind === "order" ? p?.open_orders.find((x) => x.client_order_id === selected.id) : undefined;

  const act = async (label: string, call: (signal: AbortSignal) => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await call(AbortSignal.timeout(CONTROL_TIMEOUT_MS));
      showToast({ kind: "success", title: `${label}: sent`, description: done });
      setSelected(null);
      void queryClient.invalidateQueries({ queryKey: trpc.trading.portfolio.queryKey() });
    } catch (error) {
      showToast(failureToast(label, error as CallFailure, CONTROL_TIMEOUT_MS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TableBox title={`Positions (${p?.positions.length ?? "…"})`} testId="positions">
        <thead>
          <tr>
            <Th>Symbol</Th>
            <Th>Side</Th>
            <Th right>Qty</Th>
            <Th right>Entry</Th>
            <Th right>Mark</Th>
            <Th right>Unrealized</Th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {(p?.positions ?? []).map((x) => (
            <tr
              key={x.symbol}
              data-testid={`position-row-${x.symbol}`}
              onClick={() => setSelected({ kind: "position", symbol: x.symbol })}
              className="cursor-pointer border-t border-panel-border hover:bg-white/5"
            >
              <Td>{x.symbol}</Td>
              <Td className={x.side === "LONG" ? "text-up" : "text-down"}>{x.side}</Td>
              <Td right>{x.qty}</Td>
              <Td right>{price(x.symbol, x.entry_price)}</Td>
              <Td right>{x.mark_price === null ? "—" : price(x.symbol, x.mark_price)}</Td>
              <Td right className={(x.unrealized_pnl ?? 0) >= 0 ? "text-up" : "text-down"}>
                {x.unrealized_pnl === null ? "—" : formatSigned(x.unrealized_pnl)}
              </Td>
            </tr>
          ))}
          {p === undefined && (
            <EmptyRow cols={6} text={portfolio.isError ? `Could not load: ${portfolio.error.message}` : "Loading…"} />
          )}
          {p !== undefined && p.positions.length === 0 && <EmptyRow cols={6} text="No open position" />}
        </tbody>
      </TableBox>
      <TableBox title={`Open orders (${p?.open_orders.length ?? "…"})`} testId="orders">
        <thead>
          <tr>
            <Th>Symbol</Th>
            <Th>Side</Th>
            <Th>Type</Th>
            <Th right>Qty</Th>
            <Th right>Price</Th>
            <Th>Status</Th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {(p?.open_orders ?? []).map((o) => (
            <tr
              key={o.client_order_id}
              onClick={() => setSelected({ kind: "order", id: o.client_order_id })}
              className="cursor-pointer border-t border-panel-border hover:bg-white/5"
            >
              <Td>{o.symbol}</Td>
              <Td className={o.side === "BUY" ? "text-up" : "text-down"}>{o.side}</Td>
              <Td>{o.type}</Td>
              <Td right>{o.qty}</Td>
              <Td right>{o.price === null ? "market" : price(o.symbol, o.price)}</Td>
              <Td>{o.status}</Td>
            </tr>
          ))}
          {p === undefined && (
            <EmptyRow cols={6} text={portfolio.isError ? `Could not load: ${portfolio.error.message}` : "Loading…"} />
          )}
          {p !== undefined && p.open_orders.length === 0 && <EmptyRow cols={6} text="No open order" />}
        </tbody>
      </TableBox>
      {(position !== undefined || order !== undefined) && (
        <div
          role="dialog"
          aria-modal="true"
          data-testid="detail-modal"
          className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4"
          onClick={() => setSelected(null)}
          onKeyDown={(e) => e.key === "Escape" && setSelected(null)}
        >
          <div
            role="document"
            className="w-full max-w-md rounded-lg border border-panel-border bg-panel p-4 text-sm"
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
          >
            {position !== undefined && (
              <>
                <h3 className="mb-2 font-semibold">
                  {position.side} {position.qty} {position.symbol}
                </h3>
                <Detail k="Entry" v={price(position.symbol, position.entry_price)} />
                <Detail
                  k="Stop-loss"
                  v={position.stop_loss === null ? "—" : price(position.symbol, position.stop_loss)}
                />
                <Detail
                  k="Take-profit"
                  v={position.take_profit === null ? "—" : price(position.symbol, position.take_profit)}
                />
                <Detail
                  k="Liquidation"
                  v={position.liquidation_price === null ? "—" : price(position.symbol, position.liquidation_price)}
                />
                <Detail k="Opened" v={<When iso={position.opened_at} />} />
                <ModalAction
                  testId="close-position"
                  label="Close position"
                  tone="border-red-500/50 text-red-300 hover:bg-red-500/10"
                  disabled={busy}
                  onClick={() =>
                    void act(
                      "Close position",
                      (signal) => client.trading.closePosition.mutate({ symbol: position.symbol }, { signal }),
                      `Market order to close ${position.symbol} sent`,
                    )
                  }
                />
              </>
            )}
            {order !== undefined && (
              <>
                <h3 className="mb-2 font-semibold">
                  {order.side} {order.qty} {order.symbol} ({order.type})
                </h3>
                <Detail k="Order id" v={order.client_order_id} />
                <Detail k="Status" v={order.status} />
                <Detail k="Filled" v={String(order.filled_qty)} />
                <Detail k="Created" v={<When iso={order.created_at} />} />
                <ModalAction
                  testId="cancel-order"
                  label="Cancel order"
                  tone="border-amber-500/50 text-amber-300 hover:bg-amber-500/10"
                  disabled={busy}
                  onClick={() =>
                    void act(
                      "Cancel order",
                      (signal) =>
                        client.trading.cancelOrder.mutate({ clientOrderId: order.client_order_id }, { signal }),
                      `Order ${order.client_order_id} cancelled`,
                    )
                  }
                />
              </>
            )}
            <button
              type="button"
              className="ml-2 mt-3 rounded border border-gray-600 px-3 py-1 hover:bg-white/5"
              onClick={() => setSelected(null)}
            >
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function TableBox({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <div data-testid={testId}>
      <div className="mb-1 text-xs text-gray-500">{title}</div>
      <div className="h-56 overflow-y-auto rounded border border-panel-border">
        <table className="w-full text-sm">{children}</table>
      </div>
    </div>
  );
}

function Th({ children, right }: { children: React.ReactNode; right?: boolean }) {
  return (
    <th
      className={`sticky top-0 bg-panel px-2 py-1 text-xs font-normal text-gray-500 ${right ? "text-right" : "text-left"}`}
    >
      {children}
    </th>
  );
}

function Td({ children, right, className }: { children: React.ReactNode; right?: boolean; className?: string }) {
  return <td className={`px-2 py-1 ${right ? "text-right" : ""} ${className ?? ""}`}>{children}</td>;
}

function Detail({ k, v }: { k: string; v: React.ReactNode }) {
  return (
    <div className="flex justify-between border-t border-panel-border py-1">
      <span className="text-gray-500">{k}</span>
      <span className="font-mono">{v}</span>
    </div>
  );
}

function ModalAction({
  testId,
  label,
  tone,
  disabled,
  onClick,
}: {
  testId: string;
  label: string;
  tone: string;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      className={`mt-3 rounded border px-3 py-1 disabled:opacity-40 ${tone}`}
    >
      {label}
    </button>
  );
}
