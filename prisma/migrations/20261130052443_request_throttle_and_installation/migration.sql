-- CreateTable
CREATE TABLE "request_throttle" (
    "key" TEXT NOT NULL,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "request_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "installation" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "completed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "demo_data" BOOLEAN NOT NULL,

    CONSTRAINT "installation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "request_throttle_window_started_at_idx" ON "request_throttle"("window_started_at");


-- A single row: installation has id 1 or nothing.
ALTER TABLE "installation" ADD CONSTRAINT "installation_single_row" CHECK ("id" = 1);

-- A database set up before this migration (it has a ledger or a token) counts as installed;
-- a new one gets the row only when its first start completes.
INSERT INTO "installation" ("id", "demo_data")
SELECT 1, EXISTS (SELECT 1 FROM "entity")
WHERE EXISTS (SELECT 1 FROM "entity") OR EXISTS (SELECT 1 FROM "api_token");

-- One open dispute per invoice, whatever the interleaving of writers.
CREATE UNIQUE INDEX "dispute_one_open_per_invoice" ON "dispute"("invoice_id") WHERE "resolved_date" IS NULL;
