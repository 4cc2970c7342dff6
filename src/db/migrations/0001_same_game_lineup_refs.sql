-- The unique key on lineups (game_id, id) must exist before the plays' foreign keys that
-- reference it (drizzle-kit emitted it last).
ALTER TABLE "lineups" ADD CONSTRAINT "lineups_game_id_unique" UNIQUE("game_id","id");--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_on_base_code_range";--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_batter_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_pitcher_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_catcher_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_defender_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_runner_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_on_first_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_on_second_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" DROP CONSTRAINT "plays_on_third_id_lineups_id_fk";
--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_batter_fk" FOREIGN KEY ("game_id","batter_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_pitcher_fk" FOREIGN KEY ("game_id","pitcher_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_catcher_fk" FOREIGN KEY ("game_id","catcher_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_defender_fk" FOREIGN KEY ("game_id","defender_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_runner_fk" FOREIGN KEY ("game_id","runner_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_on_first_fk" FOREIGN KEY ("game_id","on_first_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_on_second_fk" FOREIGN KEY ("game_id","on_second_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_on_third_fk" FOREIGN KEY ("game_id","on_third_id") REFERENCES "public"."lineups"("game_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "games_active_last_action_idx" ON "games" USING btree ("last_action_at") WHERE "games"."status" = 'active';
