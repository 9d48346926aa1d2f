-- AlterTable
ALTER TABLE "district" ADD COLUMN     "contact_office" TEXT,
ADD COLUMN     "contact_phone" TEXT;

-- AlterTable
ALTER TABLE "street" ADD COLUMN     "contact_office" TEXT,
ADD COLUMN     "contact_phone" TEXT;

