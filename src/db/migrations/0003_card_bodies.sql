-- Content-addressed card bodies: a start action names its cards by the sha256 of their canonical
-- JSON instead of carrying both rosters inline, so each card is stored once for every game.
CREATE TABLE "card_bodies" (
	"hash" text PRIMARY KEY NOT NULL,
	"league_id" text NOT NULL,
	"card_id" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_bodies_hash_sha256" CHECK ("card_bodies"."hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "card_bodies_league_id_valid" CHECK ("card_bodies"."league_id" in ('sba', 'pd'))
);
--> statement-breakpoint
CREATE INDEX "card_bodies_card_idx" ON "card_bodies" USING btree ("league_id","card_id");