CREATE TABLE "game_actions" (
	"game_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"version" integer NOT NULL,
	"actor" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"client_action_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "game_actions_pk" PRIMARY KEY("game_id","seq"),
	CONSTRAINT "game_actions_seq_positive" CHECK ("game_actions"."seq" >= 1),
	CONSTRAINT "game_actions_version_positive" CHECK ("game_actions"."version" >= 1),
	CONSTRAINT "game_actions_actor_named" CHECK (length("game_actions"."actor") > 0),
	CONSTRAINT "game_actions_kind_named" CHECK (length("game_actions"."kind") > 0)
);
--> statement-breakpoint
CREATE TABLE "game_cardset_links" (
	"game_id" uuid NOT NULL,
	"league_id" text DEFAULT 'pd' NOT NULL,
	"cardset_id" integer NOT NULL,
	"priority" integer NOT NULL,
	CONSTRAINT "game_cardset_links_pk" PRIMARY KEY("game_id","cardset_id"),
	CONSTRAINT "game_cardset_links_game_priority_unique" UNIQUE("game_id","priority"),
	CONSTRAINT "game_cardset_links_pd_only" CHECK ("game_cardset_links"."league_id" = 'pd'),
	CONSTRAINT "game_cardset_links_priority_nonnegative" CHECK ("game_cardset_links"."priority" >= 0)
);
--> statement-breakpoint
CREATE TABLE "game_sessions" (
	"game_id" uuid PRIMARY KEY NOT NULL,
	"connected_users" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_action_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state_snapshot" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "games" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"league_id" text NOT NULL,
	"home_team_id" integer NOT NULL,
	"away_team_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"game_mode" text DEFAULT 'friendly' NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"current_inning" integer DEFAULT 1 NOT NULL,
	"current_half" text DEFAULT 'top' NOT NULL,
	"home_score" integer DEFAULT 0 NOT NULL,
	"away_score" integer DEFAULT 0 NOT NULL,
	"home_team_is_ai" boolean DEFAULT false NOT NULL,
	"away_team_is_ai" boolean DEFAULT false NOT NULL,
	"ai_difficulty" text DEFAULT 'balanced' NOT NULL,
	"rng_seed" text NOT NULL,
	"rng_algorithm" text DEFAULT 'chacha20' NOT NULL,
	"winner_team_id" integer,
	"created_by" uuid,
	"turn_timer_seconds" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"last_action_at" timestamp with time zone,
	"last_action_seq" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "games_id_league_unique" UNIQUE("id","league_id"),
	CONSTRAINT "games_league_id_valid" CHECK ("games"."league_id" in ('sba', 'pd')),
	CONSTRAINT "games_status_valid" CHECK ("games"."status" in ('pending', 'active', 'completed', 'abandoned')),
	CONSTRAINT "games_game_mode_valid" CHECK ("games"."game_mode" in ('ranked', 'friendly', 'practice')),
	CONSTRAINT "games_visibility_valid" CHECK ("games"."visibility" in ('public', 'private')),
	CONSTRAINT "games_current_half_valid" CHECK ("games"."current_half" in ('top', 'bottom')),
	CONSTRAINT "games_ai_difficulty_valid" CHECK ("games"."ai_difficulty" in ('balanced', 'yolo', 'safe')),
	CONSTRAINT "games_teams_differ" CHECK ("games"."home_team_id" <> "games"."away_team_id"),
	CONSTRAINT "games_current_inning_positive" CHECK ("games"."current_inning" >= 1),
	CONSTRAINT "games_scores_nonnegative" CHECK ("games"."home_score" >= 0 and "games"."away_score" >= 0),
	CONSTRAINT "games_rng_seed_hex" CHECK ("games"."rng_seed" ~ '^([0-9a-f]{2})+$'),
	CONSTRAINT "games_rng_algorithm_named" CHECK (length("games"."rng_algorithm") > 0),
	CONSTRAINT "games_winner_is_a_team" CHECK ("games"."winner_team_id" is null or "games"."winner_team_id" in ("games"."home_team_id", "games"."away_team_id")),
	CONSTRAINT "games_winner_only_when_completed" CHECK ("games"."winner_team_id" is null or "games"."status" = 'completed'),
	CONSTRAINT "games_turn_timer_positive" CHECK ("games"."turn_timer_seconds" is null or "games"."turn_timer_seconds" > 0),
	CONSTRAINT "games_version_nonnegative" CHECK ("games"."version" >= 0 and "games"."last_action_seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "lineups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lineups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"game_id" uuid NOT NULL,
	"team_id" integer NOT NULL,
	"card_id" integer,
	"player_id" integer,
	"position" text NOT NULL,
	"batting_order" integer,
	"is_starter" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"entered_inning" integer DEFAULT 1 NOT NULL,
	"replacing_id" integer,
	"after_play" integer,
	"is_fatigued" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineup_one_id_required" CHECK (num_nonnulls("lineups"."card_id", "lineups"."player_id") = 1),
	CONSTRAINT "lineups_position_valid" CHECK ("lineups"."position" in ('P', 'C', '1B', '2B', '3B', 'SS', 'LF', 'CF', 'RF', 'DH', 'PH', 'PR')),
	CONSTRAINT "lineups_batting_order_range" CHECK ("lineups"."batting_order" is null or "lineups"."batting_order" between 1 and 9),
	CONSTRAINT "lineups_entered_inning_positive" CHECK ("lineups"."entered_inning" >= 1),
	CONSTRAINT "lineups_after_play_positive" CHECK ("lineups"."after_play" is null or "lineups"."after_play" >= 1)
);
--> statement-breakpoint
CREATE TABLE "plays" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plays_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"game_id" uuid NOT NULL,
	"play_number" integer NOT NULL,
	"version" integer NOT NULL,
	"client_action_id" text,
	"inning" integer NOT NULL,
	"half" text NOT NULL,
	"outs_before" integer NOT NULL,
	"batting_order" integer NOT NULL,
	"away_score" integer DEFAULT 0 NOT NULL,
	"home_score" integer DEFAULT 0 NOT NULL,
	"batter_id" integer NOT NULL,
	"pitcher_id" integer NOT NULL,
	"catcher_id" integer,
	"defender_id" integer,
	"runner_id" integer,
	"on_first_id" integer,
	"on_second_id" integer,
	"on_third_id" integer,
	"on_first_final" integer,
	"on_second_final" integer,
	"on_third_final" integer,
	"batter_final" integer,
	"on_base_code" integer DEFAULT 0 NOT NULL,
	"responsible_pitcher_ids" jsonb,
	"defensive_choices" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"offensive_choices" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dice_roll" jsonb,
	"hit_type" text,
	"result_description" text,
	"outs_recorded" integer DEFAULT 0 NOT NULL,
	"runs_scored" integer DEFAULT 0 NOT NULL,
	"check_pos" text,
	"pa" integer DEFAULT 0 NOT NULL,
	"ab" integer DEFAULT 0 NOT NULL,
	"hit" integer DEFAULT 0 NOT NULL,
	"double" integer DEFAULT 0 NOT NULL,
	"triple" integer DEFAULT 0 NOT NULL,
	"homerun" integer DEFAULT 0 NOT NULL,
	"bb" integer DEFAULT 0 NOT NULL,
	"so" integer DEFAULT 0 NOT NULL,
	"hbp" integer DEFAULT 0 NOT NULL,
	"rbi" integer DEFAULT 0 NOT NULL,
	"sac" integer DEFAULT 0 NOT NULL,
	"ibb" integer DEFAULT 0 NOT NULL,
	"gidp" integer DEFAULT 0 NOT NULL,
	"sb" integer DEFAULT 0 NOT NULL,
	"cs" integer DEFAULT 0 NOT NULL,
	"wild_pitch" integer DEFAULT 0 NOT NULL,
	"passed_ball" integer DEFAULT 0 NOT NULL,
	"pick_off" integer DEFAULT 0 NOT NULL,
	"balk" integer DEFAULT 0 NOT NULL,
	"bphr" integer DEFAULT 0 NOT NULL,
	"bpfo" integer DEFAULT 0 NOT NULL,
	"bp1b" integer DEFAULT 0 NOT NULL,
	"bplo" integer DEFAULT 0 NOT NULL,
	"run" integer DEFAULT 0 NOT NULL,
	"e_run" integer DEFAULT 0 NOT NULL,
	"wpa" double precision DEFAULT 0 NOT NULL,
	"re24" double precision DEFAULT 0 NOT NULL,
	"is_tied" boolean DEFAULT false NOT NULL,
	"is_go_ahead" boolean DEFAULT false NOT NULL,
	"is_new_inning" boolean DEFAULT false NOT NULL,
	"in_pow" boolean DEFAULT false NOT NULL,
	"decided_by_ai" boolean DEFAULT false NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plays_game_play_number_unique" UNIQUE("game_id","play_number"),
	CONSTRAINT "plays_play_number_positive" CHECK ("plays"."play_number" >= 1),
	CONSTRAINT "plays_version_positive" CHECK ("plays"."version" >= 1),
	CONSTRAINT "plays_inning_positive" CHECK ("plays"."inning" >= 1),
	CONSTRAINT "plays_half_valid" CHECK ("plays"."half" in ('top', 'bottom')),
	CONSTRAINT "plays_outs_before_range" CHECK ("plays"."outs_before" between 0 and 2),
	CONSTRAINT "plays_batting_order_range" CHECK ("plays"."batting_order" between 1 and 9),
	CONSTRAINT "plays_scores_nonnegative" CHECK ("plays"."away_score" >= 0 and "plays"."home_score" >= 0),
	CONSTRAINT "plays_on_base_code_range" CHECK ("plays"."on_base_code" between 0 and 7),
	CONSTRAINT "plays_on_base_code_matches_runners" CHECK ("plays"."on_base_code" = (case when "plays"."on_first_id" is null then 0 else 1 end)
        + (case when "plays"."on_second_id" is null then 0 else 2 end)
        + (case when "plays"."on_third_id" is null then 0 else 4 end)),
	CONSTRAINT "plays_runner_finals_valid" CHECK (("plays"."on_first_final" is null or ("plays"."on_first_id" is not null and "plays"."on_first_final" between 1 and 4))
        and ("plays"."on_second_final" is null or ("plays"."on_second_id" is not null and "plays"."on_second_final" between 2 and 4))
        and ("plays"."on_third_final" is null or ("plays"."on_third_id" is not null and "plays"."on_third_final" between 3 and 4))
        and ("plays"."batter_final" is null or "plays"."batter_final" between 1 and 4)),
	CONSTRAINT "plays_outs_recorded_range" CHECK ("plays"."outs_recorded" between 0 and 3 and "plays"."outs_before" + "plays"."outs_recorded" <= 3),
	CONSTRAINT "plays_runs_scored_range" CHECK ("plays"."runs_scored" between 0 and 4),
	CONSTRAINT "plays_check_pos_valid" CHECK ("plays"."check_pos" is null or "plays"."check_pos" in ('P', 'C', '1B', '2B', '3B', 'SS', 'LF', 'CF', 'RF')),
	CONSTRAINT "plays_stats_nonnegative" CHECK (least("plays"."pa", "plays"."ab", "plays"."hit", "plays"."double", "plays"."triple", "plays"."homerun", "plays"."bb", "plays"."so",
        "plays"."hbp", "plays"."rbi", "plays"."sac", "plays"."ibb", "plays"."gidp", "plays"."sb", "plays"."cs", "plays"."wild_pitch",
        "plays"."passed_ball", "plays"."pick_off", "plays"."balk", "plays"."bphr", "plays"."bpfo", "plays"."bp1b", "plays"."bplo",
        "plays"."run", "plays"."e_run") >= 0)
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"replaced_by" uuid,
	CONSTRAINT "refresh_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "roster_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "roster_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"game_id" uuid NOT NULL,
	"card_id" integer,
	"player_id" integer,
	"team_id" integer NOT NULL,
	CONSTRAINT "roster_links_game_card_unique" UNIQUE("game_id","card_id"),
	CONSTRAINT "roster_links_game_player_unique" UNIQUE("game_id","player_id"),
	CONSTRAINT "roster_link_one_id_required" CHECK (num_nonnulls("roster_links"."card_id", "roster_links"."player_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "team_managers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "team_managers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"league_id" text NOT NULL,
	"team_id" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_managers_league_team_user_unique" UNIQUE("league_id","team_id","user_id"),
	CONSTRAINT "team_managers_league_id_valid" CHECK ("team_managers"."league_id" in ('sba', 'pd'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"discord_id" text NOT NULL,
	"username" text NOT NULL,
	"avatar" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "users_discord_id_unique" UNIQUE("discord_id")
);
--> statement-breakpoint
ALTER TABLE "game_actions" ADD CONSTRAINT "game_actions_game_id_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "game_cardset_links" ADD CONSTRAINT "game_cardset_links_game_fk" FOREIGN KEY ("game_id","league_id") REFERENCES "public"."games"("id","league_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "game_sessions" ADD CONSTRAINT "game_sessions_game_id_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "games" ADD CONSTRAINT "games_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineups" ADD CONSTRAINT "lineups_game_id_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineups" ADD CONSTRAINT "lineups_replacing_id_lineups_id_fk" FOREIGN KEY ("replacing_id") REFERENCES "public"."lineups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_game_id_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_batter_id_lineups_id_fk" FOREIGN KEY ("batter_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_pitcher_id_lineups_id_fk" FOREIGN KEY ("pitcher_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_catcher_id_lineups_id_fk" FOREIGN KEY ("catcher_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_defender_id_lineups_id_fk" FOREIGN KEY ("defender_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_runner_id_lineups_id_fk" FOREIGN KEY ("runner_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_on_first_id_lineups_id_fk" FOREIGN KEY ("on_first_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_on_second_id_lineups_id_fk" FOREIGN KEY ("on_second_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_on_third_id_lineups_id_fk" FOREIGN KEY ("on_third_id") REFERENCES "public"."lineups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_replaced_by_refresh_tokens_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."refresh_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_links" ADD CONSTRAINT "roster_links_game_id_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_managers" ADD CONSTRAINT "team_managers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "game_actions_client_action_unique" ON "game_actions" USING btree ("game_id","client_action_id") WHERE "game_actions"."client_action_id" is not null;--> statement-breakpoint
CREATE INDEX "games_status_idx" ON "games" USING btree ("league_id","status");--> statement-breakpoint
CREATE INDEX "games_home_team_idx" ON "games" USING btree ("league_id","home_team_id");--> statement-breakpoint
CREATE INDEX "games_away_team_idx" ON "games" USING btree ("league_id","away_team_id");--> statement-breakpoint
CREATE INDEX "games_created_by_idx" ON "games" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "lineups_game_team_active_idx" ON "lineups" USING btree ("game_id","team_id","is_active");--> statement-breakpoint
CREATE UNIQUE INDEX "lineups_active_batting_order_unique" ON "lineups" USING btree ("game_id","team_id","batting_order") WHERE "lineups"."is_active" and "lineups"."batting_order" is not null;--> statement-breakpoint
CREATE INDEX "plays_situation_idx" ON "plays" USING btree ("on_base_code","outs_before");--> statement-breakpoint
CREATE INDEX "plays_batter_idx" ON "plays" USING btree ("batter_id");--> statement-breakpoint
CREATE INDEX "plays_pitcher_idx" ON "plays" USING btree ("pitcher_id");--> statement-breakpoint
CREATE INDEX "plays_game_client_action_idx" ON "plays" USING btree ("game_id","client_action_id") WHERE "plays"."client_action_id" is not null;--> statement-breakpoint
CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "roster_links_game_team_idx" ON "roster_links" USING btree ("game_id","team_id");--> statement-breakpoint
CREATE INDEX "team_managers_user_idx" ON "team_managers" USING btree ("user_id");