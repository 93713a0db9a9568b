-- Sightline export for Snowflake. Run in an empty database (its schemas are created here)
-- by a role that may create users, roles, schemas, functions and row access policies:
--   snowsql -d DB -o exit_on_error=true -f FILE
-- Generated; see docs/export.md for how each section of the semantics maps to this SQL.
-- Not run against a Snowflake account by its tests (golden files and structure only).
CREATE SCHEMA "sightline$";

-- DuckDB's text form of a DOUBLE (§P6), for comparisons with permission values.
CREATE FUNCTION "sightline$"."dbl_text"(ARG FLOAT) RETURNS VARCHAR LANGUAGE JAVASCRIPT RETURNS NULL ON NULL INPUT IMMUTABLE AS
$$
  var v = ARG;
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return 1 / v < 0 ? '-0.0' : '0.0';
  var zeros = function (n) { return new Array(n + 1).join('0'); };
  var parts = Math.abs(v).toExponential().split('e');
  var digits = parts[0].replace('.', '');
  var x = parseInt(parts[1], 10);
  var out;
  if (x < -4 || x >= 16) {
    out = digits.charAt(0) + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (x < 0 ? '-' : '+') + (Math.abs(x) < 10 ? '0' : '') + Math.abs(x);
  } else if (x >= 0) {
    out = digits.length <= x + 1 ? digits + zeros(x + 1 - digits.length) + '.0' : digits.slice(0, x + 1) + '.' + digits.slice(x + 1);
  } else {
    out = '0.' + zeros(-x - 1) + digits;
  }
  return (v < 0 ? '-' : '') + out;
$$;

-- DuckDB's text form of a TIMESTAMP: 2024-09-10 08:00:00, fractions without trailing zeros.
CREATE FUNCTION "sightline$"."ts_text"(ARG TIMESTAMP_NTZ) RETURNS VARCHAR IMMUTABLE AS
$$
  TO_VARCHAR(ARG, 'YYYY-MM-DD HH24:MI:SS')
  || CASE WHEN DATE_PART(NANOSECOND, ARG) < 1000 THEN ''
          ELSE RTRIM('.' || LPAD(TO_VARCHAR(CAST(FLOOR(DATE_PART(NANOSECOND, ARG) / 1000) AS INTEGER)), 6, '0'), '0') END
$$;

-- Who is who: the Snowflake user name CURRENT_USER() returns, per workspace user (lower-cased
-- email). The script creates each user with the quoted, case-kept email as its name, so
-- CURRENT_USER() returns the email itself; to use existing Snowflake users instead, change
-- "login" here (the only table meant to be edited after the export).
CREATE TABLE "sightline$"."user_map" ("login" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, PRIMARY KEY ("login"));
-- §O1, §P2: the teams' users and group memberships. The policies read these tables, not the
-- role hierarchy, so a group counts only in its own team, as in the engine.
CREATE TABLE "sightline$"."team_users" ("team" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, PRIMARY KEY ("team", "email"));
CREATE TABLE "sightline$"."members" ("team" VARCHAR NOT NULL, "grp" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, PRIMARY KEY ("team", "grp", "email"));
-- §P3, §P8: principals with an unlimited path into a model (manual or a TRUE table row).
CREATE TABLE "sightline$"."unlimited" ("model" INTEGER NOT NULL, "kind" VARCHAR NOT NULL, "principal" VARCHAR NOT NULL);
-- §P4, §P8: one row per allowed value of a principal's valid rule, from .perm files and
-- value-assignment tables alike; "value" NULL marks a rule with an empty value list (it rules
-- the column and allows nothing). Rules and rows that cannot be evaluated are not here (§F1).
CREATE TABLE "sightline$"."grants" ("model" INTEGER NOT NULL, "kind" VARCHAR NOT NULL, "principal" VARCHAR NOT NULL, "tbl" VARCHAR NOT NULL, "col" VARCHAR NOT NULL, "value" VARCHAR);
-- §P2: every (login, team, kind, principal) a Snowflake user acts as: the user and the groups of
-- the team it belongs to. The policies select the rows of CURRENT_USER().
CREATE VIEW "sightline$"."principals" AS
  SELECT m."login", u."team", 'user' AS "kind", u."email" AS "principal"
    FROM "sightline$"."user_map" m JOIN "sightline$"."team_users" u ON u."email" = m."email"
  UNION ALL
  SELECT m."login", b."team", 'group', b."grp"
    FROM "sightline$"."user_map" m JOIN "sightline$"."members" b ON b."email" = m."email";

-- Users and roles: one user and one role per workspace user (email, lower case, quoted), one role per group.
CREATE ROLE IF NOT EXISTS "AP Auditors";
CREATE ROLE IF NOT EXISTS "AP Clerks";
CREATE ROLE IF NOT EXISTS "Buyers France";
CREATE ROLE IF NOT EXISTS "Buyers Iberia";
CREATE ROLE IF NOT EXISTS "Controllers";
CREATE ROLE IF NOT EXISTS "Procurement Leads";
CREATE ROLE IF NOT EXISTS "Sales DACH";
CREATE ROLE IF NOT EXISTS "Sales Iberia";
CREATE ROLE IF NOT EXISTS "Sales Management";
CREATE USER IF NOT EXISTS "a.kowalski@acme.com";
CREATE ROLE IF NOT EXISTS "a.kowalski@acme.com";
GRANT ROLE "a.kowalski@acme.com" TO USER "a.kowalski@acme.com";
CREATE USER IF NOT EXISTS "b.leroy@acme.com";
CREATE ROLE IF NOT EXISTS "b.leroy@acme.com";
GRANT ROLE "b.leroy@acme.com" TO USER "b.leroy@acme.com";
CREATE USER IF NOT EXISTS "c.martin@acme.com";
CREATE ROLE IF NOT EXISTS "c.martin@acme.com";
GRANT ROLE "c.martin@acme.com" TO USER "c.martin@acme.com";
CREATE USER IF NOT EXISTS "d.klein@acme.com";
CREATE ROLE IF NOT EXISTS "d.klein@acme.com";
GRANT ROLE "d.klein@acme.com" TO USER "d.klein@acme.com";
CREATE USER IF NOT EXISTS "e.novak@acme.com";
CREATE ROLE IF NOT EXISTS "e.novak@acme.com";
GRANT ROLE "e.novak@acme.com" TO USER "e.novak@acme.com";
CREATE USER IF NOT EXISTS "f.weber@acme.com";
CREATE ROLE IF NOT EXISTS "f.weber@acme.com";
GRANT ROLE "f.weber@acme.com" TO USER "f.weber@acme.com";
CREATE USER IF NOT EXISTS "g.silva@acme.com";
CREATE ROLE IF NOT EXISTS "g.silva@acme.com";
GRANT ROLE "g.silva@acme.com" TO USER "g.silva@acme.com";
CREATE USER IF NOT EXISTS "h.tanaka@acme.com";
CREATE ROLE IF NOT EXISTS "h.tanaka@acme.com";
GRANT ROLE "h.tanaka@acme.com" TO USER "h.tanaka@acme.com";
CREATE USER IF NOT EXISTS "i.berg@acme.com";
CREATE ROLE IF NOT EXISTS "i.berg@acme.com";
GRANT ROLE "i.berg@acme.com" TO USER "i.berg@acme.com";
CREATE USER IF NOT EXISTS "j.doe@acme.com";
CREATE ROLE IF NOT EXISTS "j.doe@acme.com";
GRANT ROLE "j.doe@acme.com" TO USER "j.doe@acme.com";
CREATE USER IF NOT EXISTS "k.schmidt@acme.com";
CREATE ROLE IF NOT EXISTS "k.schmidt@acme.com";
GRANT ROLE "k.schmidt@acme.com" TO USER "k.schmidt@acme.com";
CREATE USER IF NOT EXISTS "l.meyer@acme.com";
CREATE ROLE IF NOT EXISTS "l.meyer@acme.com";
GRANT ROLE "l.meyer@acme.com" TO USER "l.meyer@acme.com";
CREATE USER IF NOT EXISTS "m.mustermann@acme.com";
CREATE ROLE IF NOT EXISTS "m.mustermann@acme.com";
GRANT ROLE "m.mustermann@acme.com" TO USER "m.mustermann@acme.com";
CREATE USER IF NOT EXISTS "o.berg@acme.com";
CREATE ROLE IF NOT EXISTS "o.berg@acme.com";
GRANT ROLE "o.berg@acme.com" TO USER "o.berg@acme.com";
CREATE USER IF NOT EXISTS "p.buyer@acme.com";
CREATE ROLE IF NOT EXISTS "p.buyer@acme.com";
GRANT ROLE "p.buyer@acme.com" TO USER "p.buyer@acme.com";
CREATE USER IF NOT EXISTS "r.rossi@acme.com";
CREATE ROLE IF NOT EXISTS "r.rossi@acme.com";
GRANT ROLE "r.rossi@acme.com" TO USER "r.rossi@acme.com";
CREATE USER IF NOT EXISTS "s.dubois@acme.com";
CREATE ROLE IF NOT EXISTS "s.dubois@acme.com";
GRANT ROLE "s.dubois@acme.com" TO USER "s.dubois@acme.com";
CREATE USER IF NOT EXISTS "s.vogel@acme.com";
CREATE ROLE IF NOT EXISTS "s.vogel@acme.com";
GRANT ROLE "s.vogel@acme.com" TO USER "s.vogel@acme.com";
CREATE USER IF NOT EXISTS "t.nguyen@acme.com";
CREATE ROLE IF NOT EXISTS "t.nguyen@acme.com";
GRANT ROLE "t.nguyen@acme.com" TO USER "t.nguyen@acme.com";
CREATE USER IF NOT EXISTS "u.wolf@acme.com";
CREATE ROLE IF NOT EXISTS "u.wolf@acme.com";
GRANT ROLE "u.wolf@acme.com" TO USER "u.wolf@acme.com";
INSERT INTO "sightline$"."user_map" ("login", "email") VALUES
  ('a.kowalski@acme.com', 'a.kowalski@acme.com'),
  ('b.leroy@acme.com', 'b.leroy@acme.com'),
  ('c.martin@acme.com', 'c.martin@acme.com'),
  ('d.klein@acme.com', 'd.klein@acme.com'),
  ('e.novak@acme.com', 'e.novak@acme.com'),
  ('f.weber@acme.com', 'f.weber@acme.com'),
  ('g.silva@acme.com', 'g.silva@acme.com'),
  ('h.tanaka@acme.com', 'h.tanaka@acme.com'),
  ('i.berg@acme.com', 'i.berg@acme.com'),
  ('j.doe@acme.com', 'j.doe@acme.com'),
  ('k.schmidt@acme.com', 'k.schmidt@acme.com'),
  ('l.meyer@acme.com', 'l.meyer@acme.com'),
  ('m.mustermann@acme.com', 'm.mustermann@acme.com'),
  ('o.berg@acme.com', 'o.berg@acme.com'),
  ('p.buyer@acme.com', 'p.buyer@acme.com'),
  ('r.rossi@acme.com', 'r.rossi@acme.com'),
  ('s.dubois@acme.com', 's.dubois@acme.com'),
  ('s.vogel@acme.com', 's.vogel@acme.com'),
  ('t.nguyen@acme.com', 't.nguyen@acme.com'),
  ('u.wolf@acme.com', 'u.wolf@acme.com');
INSERT INTO "sightline$"."team_users" ("team", "email") VALUES
  ('Finance', 'f.weber@acme.com'),
  ('Finance', 'm.mustermann@acme.com'),
  ('Finance', 'j.doe@acme.com'),
  ('Finance', 'k.schmidt@acme.com'),
  ('Finance', 's.vogel@acme.com');
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Finance', 'AP Clerks', 'm.mustermann@acme.com'),
  ('Finance', 'AP Clerks', 'j.doe@acme.com');
GRANT ROLE "AP Clerks" TO ROLE "m.mustermann@acme.com";
GRANT ROLE "AP Clerks" TO ROLE "j.doe@acme.com";
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Finance', 'Controllers', 'f.weber@acme.com'),
  ('Finance', 'Controllers', 'k.schmidt@acme.com');
GRANT ROLE "Controllers" TO ROLE "f.weber@acme.com";
GRANT ROLE "Controllers" TO ROLE "k.schmidt@acme.com";
INSERT INTO "sightline$"."team_users" ("team", "email") VALUES
  ('Procurement', 'l.meyer@acme.com'),
  ('Procurement', 'p.buyer@acme.com'),
  ('Procurement', 'm.mustermann@acme.com'),
  ('Procurement', 't.nguyen@acme.com'),
  ('Procurement', 'b.leroy@acme.com'),
  ('Procurement', 'a.kowalski@acme.com'),
  ('Procurement', 's.dubois@acme.com'),
  ('Procurement', 'h.tanaka@acme.com'),
  ('Procurement', 'r.rossi@acme.com'),
  ('Procurement', 'o.berg@acme.com');
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Procurement', 'Buyers France', 't.nguyen@acme.com'),
  ('Procurement', 'Buyers France', 'b.leroy@acme.com');
GRANT ROLE "Buyers France" TO ROLE "t.nguyen@acme.com";
GRANT ROLE "Buyers France" TO ROLE "b.leroy@acme.com";
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Procurement', 'Buyers Iberia', 'h.tanaka@acme.com');
GRANT ROLE "Buyers Iberia" TO ROLE "h.tanaka@acme.com";
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Procurement', 'AP Auditors', 'r.rossi@acme.com');
GRANT ROLE "AP Auditors" TO ROLE "r.rossi@acme.com";
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Procurement', 'Procurement Leads', 'l.meyer@acme.com');
GRANT ROLE "Procurement Leads" TO ROLE "l.meyer@acme.com";
INSERT INTO "sightline$"."team_users" ("team", "email") VALUES
  ('Sales', 's.vogel@acme.com'),
  ('Sales', 'c.martin@acme.com'),
  ('Sales', 'd.klein@acme.com'),
  ('Sales', 'u.wolf@acme.com'),
  ('Sales', 'g.silva@acme.com'),
  ('Sales', 'e.novak@acme.com'),
  ('Sales', 'i.berg@acme.com');
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Sales', 'Sales DACH', 'd.klein@acme.com'),
  ('Sales', 'Sales DACH', 'u.wolf@acme.com');
GRANT ROLE "Sales DACH" TO ROLE "d.klein@acme.com";
GRANT ROLE "Sales DACH" TO ROLE "u.wolf@acme.com";
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Sales', 'Sales Iberia', 'g.silva@acme.com');
GRANT ROLE "Sales Iberia" TO ROLE "g.silva@acme.com";
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Sales', 'Sales Management', 'e.novak@acme.com');
GRANT ROLE "Sales Management" TO ROLE "e.novak@acme.com";

CREATE SCHEMA "Finance/AP Source";
CREATE SCHEMA "Finance/Legacy BW";
CREATE SCHEMA "Sales/O2C Source";
CREATE SCHEMA "Finance/Controlling";
CREATE SCHEMA "Procurement/AP Analytics";
CREATE SCHEMA "Sales/O2C Analytics";

-- "Finance/AP Source" SAP.T001
CREATE TABLE "Finance/AP Source"."SAP.T001" ("__sl_row" NUMBER(38,0) NOT NULL, "BUKRS" NUMBER(38,0), "BUTXT" VARCHAR, "ORT01" VARCHAR, "LAND1" VARCHAR, "WAERS" VARCHAR);

-- "Finance/AP Source" SAP.LFA1
CREATE TABLE "Finance/AP Source"."SAP.LFA1" ("__sl_row" NUMBER(38,0) NOT NULL, "LIFNR" VARCHAR, "NAME1" VARCHAR, "LAND1" VARCHAR, "ORT01" VARCHAR, "KTOKK" VARCHAR, "EKORG" NUMBER(38,0), "ZTERM_DAYS" NUMBER(38,0), "SPERR" BOOLEAN, "STCEG" VARCHAR);

-- "Finance/AP Source" SAP.BKPF
CREATE TABLE "Finance/AP Source"."SAP.BKPF" ("__sl_row" NUMBER(38,0) NOT NULL, "BUKRS" NUMBER(38,0), "BELNR" NUMBER(38,0), "GJAHR" NUMBER(38,0), "BLART" VARCHAR, "BLDAT" DATE, "BUDAT" DATE, "LIFNR" VARCHAR, "XBLNR" VARCHAR, "WAERS" VARCHAR, "WRBTR" FLOAT, "USNAM" VARCHAR, "BKTXT" VARCHAR);

-- "Finance/AP Source" SAP.BSEG
CREATE TABLE "Finance/AP Source"."SAP.BSEG" ("__sl_row" NUMBER(38,0) NOT NULL, "BUKRS" NUMBER(38,0), "BELNR" NUMBER(38,0), "GJAHR" NUMBER(38,0), "BUZEI" NUMBER(38,0), "ITEM_KEY" VARCHAR, "KOART" VARCHAR, "SHKZG" VARCHAR, "HKONT" NUMBER(38,0), "KOSTL" VARCHAR, "MWSKZ" VARCHAR, "DMBTR" FLOAT, "SGTXT" VARCHAR);

-- "Finance/AP Source" SAP.REGUP
CREATE TABLE "Finance/AP Source"."SAP.REGUP" ("__sl_row" NUMBER(38,0) NOT NULL, "LAUFD" DATE, "LAUFI" VARCHAR, "VBLNR" NUMBER(38,0), "ITEM_KEY" VARCHAR, "BUKRS" NUMBER(38,0), "ZLSCH" VARCHAR, "RWBTR" FLOAT, "WAERS" VARCHAR);

-- "Finance/Legacy BW" BW.GL_BALANCES
CREATE TABLE "Finance/Legacy BW"."BW.GL_BALANCES" ("__sl_row" NUMBER(38,0) NOT NULL, "BUKRS" NUMBER(38,0), "GJAHR" NUMBER(38,0), "MONAT" NUMBER(38,0), "HKONT" NUMBER(38,0), "BALANCE_EUR" FLOAT);

-- "Sales/O2C Source" SAP.KNA1
CREATE TABLE "Sales/O2C Source"."SAP.KNA1" ("__sl_row" NUMBER(38,0) NOT NULL, "KUNNR" VARCHAR, "NAME1" VARCHAR, "LAND1" VARCHAR, "ORT01" VARCHAR, "PSTLZ" VARCHAR, "BRSCH" VARCHAR, "ERDAT" DATE);

-- "Sales/O2C Source" SAP.VBAK
CREATE TABLE "Sales/O2C Source"."SAP.VBAK" ("__sl_row" NUMBER(38,0) NOT NULL, "VBELN" NUMBER(38,0), "AUART" VARCHAR, "ERDAT" DATE, "VDATU" DATE, "VKORG" VARCHAR, "VTWEG" NUMBER(38,0), "KUNNR" VARCHAR, "NETWR" FLOAT, "WAERK" VARCHAR);

-- "Sales/O2C Source" SAP.VBAP
CREATE TABLE "Sales/O2C Source"."SAP.VBAP" ("__sl_row" NUMBER(38,0) NOT NULL, "VBELN" NUMBER(38,0), "POSNR" NUMBER(38,0), "MATNR" VARCHAR, "ARKTX" VARCHAR, "KWMENG" FLOAT, "VRKME" VARCHAR, "NETWR" FLOAT);

-- "Sales/O2C Source" SAP.LIKP
CREATE TABLE "Sales/O2C Source"."SAP.LIKP" ("__sl_row" NUMBER(38,0) NOT NULL, "VBELN" NUMBER(38,0), "LFART" VARCHAR, "ERDAT" DATE, "LFDAT" DATE, "WADAT_IST" DATE, "VSTEL" VARCHAR, "KUNNR" VARCHAR, "BTGEW" FLOAT);

-- "Sales/O2C Source" SAP.VBFA
CREATE TABLE "Sales/O2C Source"."SAP.VBFA" ("__sl_row" NUMBER(38,0) NOT NULL, "VBELV" NUMBER(38,0), "VBELN" NUMBER(38,0), "VBTYP_V" VARCHAR, "VBTYP_N" VARCHAR, "ERDAT" DATE);

-- "Sales/O2C Source" SAP.MARA
CREATE TABLE "Sales/O2C Source"."SAP.MARA" ("__sl_row" NUMBER(38,0) NOT NULL, "MATNR" VARCHAR, "MAKTX" VARCHAR, "MTART" VARCHAR, "MATKL" VARCHAR, "MEINS" VARCHAR, "BRGEW" FLOAT, "NTGEW" FLOAT, "LVORM" BOOLEAN);

-- "Finance/Controlling" imports SAP.T001 of "Finance/AP Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Finance/Controlling"."SAP.T001" AS SELECT "__sl_row", "BUKRS", "BUTXT", "ORT01", "LAND1", "WAERS" FROM "Finance/AP Source"."SAP.T001";

-- "Finance/Controlling" imports SAP.BKPF of "Finance/AP Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Finance/Controlling"."SAP.BKPF" AS SELECT "__sl_row", "BUKRS", "BELNR", "GJAHR", "BLART", "BLDAT", "BUDAT", "LIFNR", "XBLNR", "WAERS", "WRBTR", "USNAM", "BKTXT" FROM "Finance/AP Source"."SAP.BKPF";

-- "Finance/Controlling" imports SAP.KNA1 of "Sales/O2C Source" as SD: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Finance/Controlling"."SD.KNA1" AS SELECT "__sl_row", "KUNNR", "NAME1", "LAND1", "ORT01", "PSTLZ", "BRSCH", "ERDAT" FROM "Sales/O2C Source"."SAP.KNA1";

-- "Finance/Controlling" imports SAP.VBAK of "Sales/O2C Source" as SD: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Finance/Controlling"."SD.VBAK" AS SELECT "__sl_row", "VBELN", "AUART", "ERDAT", "VDATU", "VKORG", "VTWEG", "KUNNR", "NETWR", "WAERK" FROM "Sales/O2C Source"."SAP.VBAK";

-- "Procurement/AP Analytics" imports SAP.LFA1 of "Finance/AP Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Procurement/AP Analytics"."SAP.LFA1" AS SELECT "__sl_row", "LIFNR", "NAME1", "LAND1", "ORT01", "KTOKK", "EKORG", "ZTERM_DAYS", "SPERR", "STCEG" FROM "Finance/AP Source"."SAP.LFA1";

-- "Procurement/AP Analytics" imports SAP.BKPF of "Finance/AP Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Procurement/AP Analytics"."SAP.BKPF" AS SELECT "__sl_row", "BUKRS", "BELNR", "GJAHR", "BLART", "BLDAT", "BUDAT", "LIFNR", "XBLNR", "WAERS", "WRBTR", "USNAM", "BKTXT" FROM "Finance/AP Source"."SAP.BKPF";

-- "Procurement/AP Analytics" imports SAP.BSEG of "Finance/AP Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Procurement/AP Analytics"."SAP.BSEG" AS SELECT "__sl_row", "BUKRS", "BELNR", "GJAHR", "BUZEI", "ITEM_KEY", "KOART", "SHKZG", "HKONT", "KOSTL", "MWSKZ", "DMBTR", "SGTXT" FROM "Finance/AP Source"."SAP.BSEG";

-- "Procurement/AP Analytics" imports SAP.REGUP of "Finance/AP Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Procurement/AP Analytics"."SAP.REGUP" AS SELECT "__sl_row", "LAUFD", "LAUFI", "VBLNR", "ITEM_KEY", "BUKRS", "ZLSCH", "RWBTR", "WAERS" FROM "Finance/AP Source"."SAP.REGUP";

-- "Sales/O2C Analytics" imports SAP.KNA1 of "Sales/O2C Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Sales/O2C Analytics"."SAP.KNA1" AS SELECT "__sl_row", "KUNNR", "NAME1", "LAND1", "ORT01", "PSTLZ", "BRSCH", "ERDAT" FROM "Sales/O2C Source"."SAP.KNA1";

-- "Sales/O2C Analytics" imports SAP.VBAK of "Sales/O2C Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Sales/O2C Analytics"."SAP.VBAK" AS SELECT "__sl_row", "VBELN", "AUART", "ERDAT", "VDATU", "VKORG", "VTWEG", "KUNNR", "NETWR", "WAERK" FROM "Sales/O2C Source"."SAP.VBAK";

-- "Sales/O2C Analytics" imports SAP.LIKP of "Sales/O2C Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Sales/O2C Analytics"."SAP.LIKP" AS SELECT "__sl_row", "VBELN", "LFART", "ERDAT", "LFDAT", "WADAT_IST", "VSTEL", "KUNNR", "BTGEW" FROM "Sales/O2C Source"."SAP.LIKP";

-- "Sales/O2C Analytics" imports SAP.VBFA of "Sales/O2C Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Sales/O2C Analytics"."SAP.VBFA" AS SELECT "__sl_row", "VBELV", "VBELN", "VBTYP_V", "VBTYP_N", "ERDAT" FROM "Sales/O2C Source"."SAP.VBFA";

-- "Sales/O2C Analytics" imports SAP.MARA of "Sales/O2C Source" as SAP: a view with the synchronized columns (§S4, §S5)
CREATE VIEW "Sales/O2C Analytics"."SAP.MARA" AS SELECT "__sl_row", "MATNR", "MAKTX", "MTART", "MATKL", "MEINS", "BRGEW", "NTGEW", "LVORM" FROM "Sales/O2C Source"."SAP.MARA";

-- Model AccountsPayable of "Procurement/AP Analytics" (model id 1): switch on, combine by-column
CREATE SCHEMA "AccountsPayable";
INSERT INTO "sightline$"."unlimited" ("model", "kind", "principal") VALUES
  (1, 'group', 'AP Auditors'),
  (1, 'group', 'Procurement Leads');
INSERT INTO "sightline$"."grants" ("model", "kind", "principal", "tbl", "col", "value") VALUES
  (1, 'user', 'p.buyer@acme.com', 'Vendors', 'EKORG', '1000'),
  (1, 'user', 'p.buyer@acme.com', 'Vendors', 'LAND1', 'DE'),
  (1, 'user', 'p.buyer@acme.com', 'Vendors', 'LAND1', 'AT'),
  (1, 'user', 'a.kowalski@acme.com', 'Vendors', 'EKORG', '1000'),
  (1, 'user', 'a.kowalski@acme.com', 'Vendors', 'EKORG', '2000'),
  (1, 'user', 's.dubois@acme.com', 'Vendors', 'LAND1', 'FR'),
  (1, 'user', 's.dubois@acme.com', 'Vendors', 'LAND1', 'IT'),
  (1, 'group', 'Buyers France', 'Vendors', 'EKORG', '2000'),
  (1, 'group', 'Buyers Iberia', 'Vendors', 'EKORG', '3000'),
  (1, 'group', 'Buyers Iberia', 'Vendors', 'KTOKK', 'KRED');
CREATE SECURE VIEW "AccountsPayable"."Vendors" AS
SELECT t0."LIFNR", t0."NAME1", t0."LAND1", t0."ORT01", t0."KTOKK", t0."EKORG", t0."ZTERM_DAYS", t0."SPERR", t0."STCEG" FROM "Procurement/AP Analytics"."SAP.LFA1" t0;
CREATE ROW ACCESS POLICY "sightline$"."AccountsPayable.Vendors" AS (ARG1 NUMBER(38,0), ARG2 VARCHAR, ARG3 VARCHAR) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM "sightline$"."unlimited" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P3 unlimited
  OR (EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P1 default deny, §F1
  AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR TO_VARCHAR(ARG1) IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR ARG2 IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR ARG3 IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL))));
ALTER VIEW "AccountsPayable"."Vendors" ADD ROW ACCESS POLICY "sightline$"."AccountsPayable.Vendors" ON ("EKORG", "LAND1", "KTOKK");
CREATE SECURE VIEW "AccountsPayable"."Invoices" AS
SELECT t0."BUKRS", t0."BELNR", t0."GJAHR", t0."BLART", t0."BLDAT", t0."BUDAT", t0."LIFNR", t0."XBLNR", t0."WAERS", t0."WRBTR", t0."USNAM", t0."BKTXT" FROM "Procurement/AP Analytics"."SAP.BKPF" t0;
CREATE ROW ACCESS POLICY "sightline$"."AccountsPayable.Invoices" AS (ARG1 VARCHAR) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM "sightline$"."unlimited" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P3 unlimited
  OR (EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P1 default deny, §F1
  AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR ARG1 IN (SELECT DISTINCT a1."LIFNR" FROM "Procurement/AP Analytics"."SAP.LFA1" a1 WHERE a1."LIFNR" IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR TO_VARCHAR(a1."EKORG") IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR a1."LAND1" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR a1."KTOKK" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)))));
ALTER VIEW "AccountsPayable"."Invoices" ADD ROW ACCESS POLICY "sightline$"."AccountsPayable.Invoices" ON ("LIFNR");
CREATE SECURE VIEW "AccountsPayable"."InvoiceItems" AS
SELECT t0."BUKRS", t0."BELNR", t0."GJAHR", t0."BUZEI", t0."ITEM_KEY", t0."KOART", t0."SHKZG", t0."HKONT", t0."KOSTL", t0."MWSKZ", t0."DMBTR", t0."SGTXT" FROM "Procurement/AP Analytics"."SAP.BSEG" t0;
CREATE ROW ACCESS POLICY "sightline$"."AccountsPayable.InvoiceItems" AS (ARG1 NUMBER(38,0)) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM "sightline$"."unlimited" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P3 unlimited
  OR (EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P1 default deny, §F1
  AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR ARG1 IN (SELECT DISTINCT a1."BELNR" FROM "Procurement/AP Analytics"."SAP.BKPF" a1 WHERE a1."BELNR" IS NOT NULL AND a1."LIFNR" IN (SELECT DISTINCT a2."LIFNR" FROM "Procurement/AP Analytics"."SAP.LFA1" a2 WHERE a2."LIFNR" IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR TO_VARCHAR(a2."EKORG") IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR a2."LAND1" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR a2."KTOKK" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL))))));
ALTER VIEW "AccountsPayable"."InvoiceItems" ADD ROW ACCESS POLICY "sightline$"."AccountsPayable.InvoiceItems" ON ("BELNR");
CREATE SECURE VIEW "AccountsPayable"."Payments" AS
SELECT t0."LAUFD", t0."LAUFI", t0."VBLNR", t0."ITEM_KEY", t0."BUKRS", t0."ZLSCH", t0."RWBTR", t0."WAERS" FROM "Procurement/AP Analytics"."SAP.REGUP" t0;
CREATE ROW ACCESS POLICY "sightline$"."AccountsPayable.Payments" AS (ARG1 VARCHAR) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM "sightline$"."unlimited" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P3 unlimited
  OR (EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) -- §P1 default deny, §F1
  AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR ARG1 IN (SELECT DISTINCT a1."ITEM_KEY" FROM "Procurement/AP Analytics"."SAP.BSEG" a1 WHERE a1."ITEM_KEY" IS NOT NULL AND a1."BELNR" IN (SELECT DISTINCT a2."BELNR" FROM "Procurement/AP Analytics"."SAP.BKPF" a2 WHERE a2."BELNR" IS NOT NULL AND a2."LIFNR" IN (SELECT DISTINCT a3."LIFNR" FROM "Procurement/AP Analytics"."SAP.LFA1" a3 WHERE a3."LIFNR" IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR TO_VARCHAR(a3."EKORG") IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'EKORG' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR a3."LAND1" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'LAND1' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER())) OR a3."KTOKK" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Vendors' AND g."col" = 'KTOKK' AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Procurement' AND me."login" = CURRENT_USER()) AND g."value" IS NOT NULL)))))));
ALTER VIEW "AccountsPayable"."Payments" ADD ROW ACCESS POLICY "sightline$"."AccountsPayable.Payments" ON ("ITEM_KEY");
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "l.meyer@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "l.meyer@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "p.buyer@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "p.buyer@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "m.mustermann@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "m.mustermann@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "t.nguyen@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "t.nguyen@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "b.leroy@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "b.leroy@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "a.kowalski@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "a.kowalski@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "s.dubois@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "s.dubois@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "h.tanaka@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "h.tanaka@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "r.rossi@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "r.rossi@acme.com";
GRANT USAGE ON SCHEMA "AccountsPayable" TO ROLE "o.berg@acme.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "AccountsPayable" TO ROLE "o.berg@acme.com";
