-- AlterTable
ALTER TABLE "risk_events" ADD COLUMN     "reason" TEXT;

-- CreateTable
CREATE TABLE "risk_state" (
    "id" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_state_pkey" PRIMARY KEY ("id")
);
