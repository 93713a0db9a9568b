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
CREATE ROLE IF NOT EXISTS "G ""quoted""; --";
CREATE USER IF NOT EXISTS "o'brien@x.com";
CREATE ROLE IF NOT EXISTS "o'brien@x.com";
GRANT ROLE "o'brien@x.com" TO USER "o'brien@x.com";
CREATE USER IF NOT EXISTS "plain@x.com";
CREATE ROLE IF NOT EXISTS "plain@x.com";
GRANT ROLE "plain@x.com" TO USER "plain@x.com";
CREATE USER IF NOT EXISTS "ünï""q@x.com";
CREATE ROLE IF NOT EXISTS "ünï""q@x.com";
GRANT ROLE "ünï""q@x.com" TO USER "ünï""q@x.com";
INSERT INTO "sightline$"."user_map" ("login", "email") VALUES
  ('o''brien@x.com', 'o''brien@x.com'),
  ('plain@x.com', 'plain@x.com'),
  ('ünï"q@x.com', 'ünï"q@x.com');
INSERT INTO "sightline$"."team_users" ("team", "email") VALUES
  ('Team', 'o''brien@x.com'),
  ('Team', 'ünï"q@x.com'),
  ('Team', 'plain@x.com');
INSERT INTO "sightline$"."members" ("team", "grp", "email") VALUES
  ('Team', 'G "quoted"; --', 'ünï"q@x.com');
GRANT ROLE "G ""quoted""; --" TO ROLE "ünï""q@x.com";

CREATE SCHEMA "Team/Pöol ""日本""; --'x";

-- "Team/Pöol "日本"; --'x" S.V
CREATE TABLE "Team/Pöol ""日本""; --'x"."S.V" ("__sl_row" NUMBER(38,0) NOT NULL, "id" NUMBER(38,0), "na""me" VARCHAR, "land" VARCHAR);
INSERT INTO "Team/Pöol ""日本""; --'x"."S.V" ("__sl_row", "id", "na""me", "land")
SELECT $1, CAST($2 AS NUMBER(38,0)), $3, $4 FROM VALUES
  (0, '1', 'it''s', 'DE'),
  (1, '2', 'x; DROP TABLE v; --', 'AT'),
  (2, '3', '日本', 'a"b'),
  (3, '4', 'back\\slash', NULL),
  (4, '5', 'tab	here', 'FR'),
  (5, '6', '😀', 'DE'),
  (6, '7', '''\\''''', 'DE');

-- "Team/Pöol "日本"; --'x" S.I
CREATE TABLE "Team/Pöol ""日本""; --'x"."S.I" ("__sl_row" NUMBER(38,0) NOT NULL, "vid" NUMBER(38,0), "amount" NUMBER(38,0));
INSERT INTO "Team/Pöol ""日本""; --'x"."S.I" ("__sl_row", "vid", "amount")
SELECT $1, CAST($2 AS NUMBER(38,0)), CAST($3 AS NUMBER(38,0)) FROM VALUES
  (0, '1', '10'),
  (1, '2', '20'),
  (2, '3', '30'),
  (3, '6', '60'),
  (4, '9', '90');

-- Model M1 of "Team/Pöol "日本"; --'x" (model id 1): switch on, combine by-principal
CREATE SCHEMA "M1";
INSERT INTO "sightline$"."grants" ("model", "kind", "principal", "tbl", "col", "value") VALUES
  (1, 'user', 'o''brien@x.com', 'Ve', 'na"me', 'it''s'),
  (1, 'user', 'o''brien@x.com', 'Ve', 'na"me', 'x; DROP TABLE v; --'),
  (1, 'user', 'o''brien@x.com', 'Ve', 'na"me', '日本'),
  (1, 'user', 'o''brien@x.com', 'Ve', 'na"me', 'back\\slash'),
  (1, 'user', 'o''brien@x.com', 'Ve', 'na"me', '''\\'''''),
  (1, 'group', 'G "quoted"; --', 'Ve', 'land', 'a"b'),
  (1, 'group', 'G "quoted"; --', 'Ve', 'land', 'DE');
CREATE SECURE VIEW "M1"."Ve" AS
SELECT t0."id", t0."na""me", t0."land" FROM "Team/Pöol ""日本""; --'x"."S.V" t0;
CREATE ROW ACCESS POLICY "sightline$"."M1.Ve" AS (ARG1 VARCHAR, ARG2 VARCHAR) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM "sightline$"."unlimited" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Team' AND me."login" = CURRENT_USER())) -- §P3 unlimited
  OR (EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Team' AND me."login" = CURRENT_USER())) -- §P1 default deny, §F1
  AND EXISTS (SELECT 1 FROM (SELECT DISTINCT g."kind", g."principal" FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Team' AND me."login" = CURRENT_USER())) pp
    WHERE (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND (g."kind" = pp."kind" AND g."principal" = pp."principal")) OR (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'na"me' AND (g."kind" = pp."kind" AND g."principal" = pp."principal")) OR ARG1 IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'na"me' AND (g."kind" = pp."kind" AND g."principal" = pp."principal") AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'land' AND (g."kind" = pp."kind" AND g."principal" = pp."principal")) OR ARG2 IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'land' AND (g."kind" = pp."kind" AND g."principal" = pp."principal") AND g."value" IS NOT NULL)))));
ALTER VIEW "M1"."Ve" ADD ROW ACCESS POLICY "sightline$"."M1.Ve" ON ("na""me", "land");
CREATE SECURE VIEW "M1"."Items" AS
SELECT t0."vid", t0."amount" FROM "Team/Pöol ""日本""; --'x"."S.I" t0;
CREATE ROW ACCESS POLICY "sightline$"."M1.Items" AS (ARG1 NUMBER(38,0)) RETURNS BOOLEAN ->
  EXISTS (SELECT 1 FROM "sightline$"."unlimited" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Team' AND me."login" = CURRENT_USER())) -- §P3 unlimited
  OR (EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Team' AND me."login" = CURRENT_USER())) -- §P1 default deny, §F1
  AND EXISTS (SELECT 1 FROM (SELECT DISTINCT g."kind", g."principal" FROM "sightline$"."grants" g WHERE g."model" = 1 AND (g."kind", g."principal") IN (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Team' AND me."login" = CURRENT_USER())) pp
    WHERE (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND (g."kind" = pp."kind" AND g."principal" = pp."principal")) OR (pp."kind", pp."principal", ARG1) IN (SELECT DISTINCT q1."kind", q1."principal", a1."id" FROM (SELECT me."kind", me."principal" FROM "sightline$"."principals" me WHERE me."team" = 'Team' AND me."login" = CURRENT_USER()) q1, "Team/Pöol ""日本""; --'x"."S.V" a1 WHERE a1."id" IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'na"me' AND (g."kind" = q1."kind" AND g."principal" = q1."principal")) OR a1."na""me" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'na"me' AND (g."kind" = q1."kind" AND g."principal" = q1."principal") AND g."value" IS NOT NULL)) AND (NOT EXISTS (SELECT 1 FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'land' AND (g."kind" = q1."kind" AND g."principal" = q1."principal")) OR a1."land" IN (SELECT g."value" FROM "sightline$"."grants" g WHERE g."model" = 1 AND g."tbl" = 'Ve' AND g."col" = 'land' AND (g."kind" = q1."kind" AND g."principal" = q1."principal") AND g."value" IS NOT NULL))))));
ALTER VIEW "M1"."Items" ADD ROW ACCESS POLICY "sightline$"."M1.Items" ON ("vid");
GRANT USAGE ON SCHEMA "M1" TO ROLE "o'brien@x.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "M1" TO ROLE "o'brien@x.com";
GRANT USAGE ON SCHEMA "M1" TO ROLE "ünï""q@x.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "M1" TO ROLE "ünï""q@x.com";
GRANT USAGE ON SCHEMA "M1" TO ROLE "plain@x.com";
GRANT SELECT ON ALL VIEWS IN SCHEMA "M1" TO ROLE "plain@x.com";
