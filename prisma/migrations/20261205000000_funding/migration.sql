-- AlterTable
ALTER TABLE "accounts" ADD COLUMN "funding_paid" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "funding_payments" (
    "id" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "side" TEXT NOT NULL,
    "qty" DOUBLE PRECISION NOT NULL,
    "mark_price" DOUBLE PRECISION NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "funding_payments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "funding_payments_at_idx" ON "funding_payments"("at");
