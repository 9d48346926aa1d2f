-- CreateEnum
CREATE TYPE "linshi_kind" AS ENUM ('urgent', 'expense');

-- CreateTable
CREATE TABLE "assistance_standard" (
    "area" "area" NOT NULL,
    "effective_from" DATE NOT NULL,
    "dibao" DECIMAL(10,2) NOT NULL,
    "tekun_basic" DECIMAL(10,2),
    "care_full" DECIMAL(10,2),
    "care_half" DECIMAL(10,2),
    "care_self" DECIMAL(10,2),
    "source" TEXT NOT NULL,
    "note" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assistance_standard_pkey" PRIMARY KEY ("area","effective_from")
);

-- CreateTable
CREATE TABLE "linshi_district_policy" (
    "district_code" VARCHAR(6) NOT NULL,
    "street_approval_limit" DECIMAL(12,2) NOT NULL,
    "income_reference_year" SMALLINT NOT NULL,
    "urban_income_reference" DECIMAL(12,2) NOT NULL,
    "rural_income_reference" DECIMAL(12,2) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "linshi_district_policy_pkey" PRIMARY KEY ("district_code")
);

-- CreateTable
CREATE TABLE "linshi_band" (
    "district_code" VARCHAR(6) NOT NULL,
    "kind" "linshi_kind" NOT NULL,
    "level" SMALLINT NOT NULL,
    "name" TEXT NOT NULL,
    "ceiling" DECIMAL(12,2) NOT NULL,

    CONSTRAINT "linshi_band_pkey" PRIMARY KEY ("district_code","kind","level")
);

-- AddForeignKey
ALTER TABLE "linshi_district_policy" ADD CONSTRAINT "linshi_district_policy_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "district"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "linshi_band" ADD CONSTRAINT "linshi_band_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "linshi_district_policy"("district_code") ON DELETE CASCADE ON UPDATE CASCADE;

-- Seed: the published Chongqing standards 2018–2025 (DOMAIN.md "Money", the same rows as
-- PUBLISHED_STANDARDS in server/domain/standards.ts, compared by a unit test). Urban rows carry
-- the 特困 and 照料护理 figures, no rural 特困 figure is published and those stay NULL.
INSERT INTO "assistance_standard"
    ("area", "effective_from", "dibao", "tekun_basic", "care_full", "care_half", "care_self", "source", "note")
VALUES
    ('urban', '2018-01-01', 546, 710, 300, 200, NULL, '重庆市年度城乡低保标准通知（文号待核实）', NULL),
    ('rural', '2018-01-01', 410, NULL, NULL, NULL, NULL, '重庆市年度城乡低保标准通知（文号待核实）', NULL),
    ('urban', '2019-01-01', 580, 754, 300, 200, NULL, '重庆市年度城乡低保标准通知（文号待核实）', '生效日期未经核实，按 1 月 1 日'),
    ('rural', '2019-01-01', 440, NULL, NULL, NULL, NULL, '重庆市年度城乡低保标准通知（文号待核实）', '生效日期未经核实，按 1 月 1 日'),
    ('urban', '2020-09-01', 620, 806, 300, 200, 50, '渝民〔2020〕179号', NULL),
    ('rural', '2020-09-01', 496, NULL, NULL, NULL, NULL, '渝民〔2020〕179号', NULL),
    ('urban', '2021-09-01', 636, 827, 300, 200, 50, '重庆市年度城乡低保标准通知（文号待核实）', NULL),
    ('rural', '2021-09-01', 515, NULL, NULL, NULL, NULL, '重庆市年度城乡低保标准通知（文号待核实）', NULL),
    ('urban', '2022-09-01', 717, 932, 300, 200, 50, '渝民〔2022〕187号', NULL),
    ('rural', '2022-09-01', 581, NULL, NULL, NULL, NULL, '渝民〔2022〕187号', NULL),
    ('urban', '2023-09-01', 735, 955, 300, 200, 50, '渝民发〔2023〕10号', NULL),
    ('rural', '2023-09-01', 600, NULL, NULL, NULL, NULL, '渝民发〔2023〕10号', NULL),
    ('urban', '2024-09-01', 750, 975, 500, 300, 100, '渝民发〔2024〕9号', '生效日期未经核实'),
    ('rural', '2024-09-01', 610, NULL, NULL, NULL, NULL, '渝民发〔2024〕9号', '生效日期未经核实'),
    ('urban', '2025-07-01', 770, 1001, 500, 300, 100, '渝民规〔2025〕6号', NULL),
    ('rural', '2025-07-01', 630, NULL, NULL, NULL, NULL, '渝民规〔2025〕6号', NULL);
