-- AlterTable
ALTER TABLE "decisions" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "stop_loss" DOUBLE PRECISION,
ADD COLUMN     "take_profit" DOUBLE PRECISION;
