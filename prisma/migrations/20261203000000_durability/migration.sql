-- CreateTable
CREATE TABLE "dead_letters" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "record" TEXT NOT NULL,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "store_journal" (
    "file" TEXT NOT NULL,
    "replayed" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "store_journal_pkey" PRIMARY KEY ("file")
);

-- CreateIndex
CREATE INDEX "dead_letters_at_idx" ON "dead_letters"("at");
