-- AlterTable
ALTER TABLE "entity" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "contract" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "invoice" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "collection_activity" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "dispute" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "kpi_definition" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "milestone" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "risk" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;


-- Existing rows changed last when they were made (the best we know).
UPDATE "entity" SET "updated_at" = "created_at";
UPDATE "customer" SET "updated_at" = "created_at";
UPDATE "contract" SET "updated_at" = "created_at";
UPDATE "invoice" SET "updated_at" = "created_at";
UPDATE "payment" SET "updated_at" = "created_at";
UPDATE "collection_activity" SET "updated_at" = "created_at";
UPDATE "dispute" SET "updated_at" = COALESCE("resolved_date", "opened_date")::timestamptz;
UPDATE "kpi_definition" SET "updated_at" = "created_at";
UPDATE "risk" SET "updated_at" = "created_at";

-- Every UPDATE sets updated_at, whoever writes it (Prisma, raw SQL, a script): an incremental
-- refresh ("updatedSince") must never miss a change. clock_timestamp(), not now(): the time of
-- the write, not of the transaction's start.
CREATE FUNCTION ledgerline_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END;
$$;
CREATE TRIGGER "entity_touch_updated_at" BEFORE UPDATE ON "entity" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "customer_touch_updated_at" BEFORE UPDATE ON "customer" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "contract_touch_updated_at" BEFORE UPDATE ON "contract" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "invoice_touch_updated_at" BEFORE UPDATE ON "invoice" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "payment_touch_updated_at" BEFORE UPDATE ON "payment" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "collection_activity_touch_updated_at" BEFORE UPDATE ON "collection_activity" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "dispute_touch_updated_at" BEFORE UPDATE ON "dispute" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "kpi_definition_touch_updated_at" BEFORE UPDATE ON "kpi_definition" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "milestone_touch_updated_at" BEFORE UPDATE ON "milestone" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "risk_touch_updated_at" BEFORE UPDATE ON "risk" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "project_touch_updated_at" BEFORE UPDATE ON "project" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "kpi_target_touch_updated_at" BEFORE UPDATE ON "kpi_target" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();
CREATE TRIGGER "kpi_actual_touch_updated_at" BEFORE UPDATE ON "kpi_actual" FOR EACH ROW EXECUTE FUNCTION ledgerline_touch_updated_at();

-- What changed since a watermark, read in key order.
CREATE INDEX "invoice_updated_at_id_idx" ON "invoice"("updated_at", "id");
CREATE INDEX "payment_updated_at_id_idx" ON "payment"("updated_at", "id");
CREATE INDEX "customer_updated_at_id_idx" ON "customer"("updated_at", "id");
