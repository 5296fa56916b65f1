-- CreateTable
CREATE TABLE "engine_transitions" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "command" TEXT NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error_code" TEXT,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "message" TEXT NOT NULL,

    CONSTRAINT "engine_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candles" (
    "symbol" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "open_time" TIMESTAMPTZ(3) NOT NULL,
    "open" DOUBLE PRECISION NOT NULL,
    "high" DOUBLE PRECISION NOT NULL,
    "low" DOUBLE PRECISION NOT NULL,
    "close" DOUBLE PRECISION NOT NULL,
    "volume" DOUBLE PRECISION NOT NULL,
    "trades" INTEGER NOT NULL,

    CONSTRAINT "candles_pkey" PRIMARY KEY ("symbol","timeframe","open_time")
);

-- CreateTable
CREATE TABLE "decisions" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "symbol" TEXT NOT NULL,
    "strategy_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason_codes" TEXT[],
    "gating_flags" JSONB NOT NULL,
    "market_regime" TEXT NOT NULL,
    "market_metrics" JSONB NOT NULL,
    "side" TEXT,
    "score" DOUBLE PRECISION NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "order_id" TEXT,

    CONSTRAINT "decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "venue_order_id" TEXT,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "qty" DOUBLE PRECISION NOT NULL,
    "price" DOUBLE PRECISION,
    "status" TEXT NOT NULL,
    "filled_qty" DOUBLE PRECISION NOT NULL,
    "avg_fill_price" DOUBLE PRECISION,
    "reduce_only" BOOLEAN NOT NULL,
    "strategy_id" TEXT,
    "decision_id" TEXT,
    "reject_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fills" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "qty" DOUBLE PRECISION NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "fee" DOUBLE PRECISION NOT NULL,
    "liquidity" TEXT NOT NULL,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "slippage" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "fills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "qty" DOUBLE PRECISION NOT NULL,
    "entry_price" DOUBLE PRECISION NOT NULL,
    "realized_pnl" DOUBLE PRECISION NOT NULL,
    "stop_loss" DOUBLE PRECISION,
    "take_profit" DOUBLE PRECISION,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "positions_pkey" PRIMARY KEY ("symbol")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "balance" DOUBLE PRECISION NOT NULL,
    "realized_pnl" DOUBLE PRECISION NOT NULL,
    "fees_paid" DOUBLE PRECISION NOT NULL,
    "start_equity" DOUBLE PRECISION NOT NULL,
    "peak_equity" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "equity_snapshots" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "balance" DOUBLE PRECISION NOT NULL,
    "equity" DOUBLE PRECISION NOT NULL,
    "unrealized_pnl" DOUBLE PRECISION NOT NULL,
    "realized_pnl" DOUBLE PRECISION NOT NULL,
    "margin_used" DOUBLE PRECISION NOT NULL,
    "fees_paid" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "equity_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_events" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "reason_codes" TEXT[],
    "metric" TEXT,
    "value" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "recommended_action" TEXT,
    "clear_rule" TEXT,
    "symbols" TEXT[],
    "actor" TEXT NOT NULL,

    CONSTRAINT "risk_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "changelog_entries" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "author" TEXT,
    "ref" TEXT,

    CONSTRAINT "changelog_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiments" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "strategy" TEXT NOT NULL,
    "baseline" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "metrics" JSONB,
    "decision" TEXT,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "engine_transitions_at_idx" ON "engine_transitions"("at");

-- CreateIndex
CREATE INDEX "candles_timeframe_open_time_idx" ON "candles"("timeframe", "open_time");

-- CreateIndex
CREATE INDEX "decisions_at_idx" ON "decisions"("at");

-- CreateIndex
CREATE INDEX "decisions_symbol_at_idx" ON "decisions"("symbol", "at");

-- CreateIndex
CREATE INDEX "orders_symbol_created_at_idx" ON "orders"("symbol", "created_at");

-- CreateIndex
CREATE INDEX "orders_status_idx" ON "orders"("status");

-- CreateIndex
CREATE INDEX "fills_order_id_idx" ON "fills"("order_id");

-- CreateIndex
CREATE INDEX "fills_at_idx" ON "fills"("at");

-- CreateIndex
CREATE INDEX "equity_snapshots_at_idx" ON "equity_snapshots"("at");

-- CreateIndex
CREATE INDEX "risk_events_at_idx" ON "risk_events"("at");

-- CreateIndex
CREATE INDEX "changelog_entries_at_idx" ON "changelog_entries"("at");

-- CreateIndex
CREATE INDEX "experiments_phase_idx" ON "experiments"("phase");
