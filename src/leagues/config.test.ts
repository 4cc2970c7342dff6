import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_RULES } from "../engine/rules.js";
import { leagueConfig, PD_LEAGUE, SBA_LEAGUE, UnknownLeagueError } from "./config.js";

describe("league configs", () => {
  it("looks leagues up by id", () => {
    assert.equal(leagueConfig("sba"), SBA_LEAGUE);
    assert.equal(leagueConfig("pd"), PD_LEAGUE);
    assert.throws(() => leagueConfig("mlb"), UnknownLeagueError);
    assert.throws(() => leagueConfig("toString"), UnknownLeagueError);
  });

  it("SBA: managers read printed cards, rosters by player_id", () => {
    assert.equal(SBA_LEAGUE.rules.cardReading, "manager");
    assert.equal(SBA_LEAGUE.keyedBy, "player_id");
    assert.equal(SBA_LEAGUE.cardsets, null);
    assert.equal(SBA_LEAGUE.rosterSize, 26);
  });

  it("PD: the server reads digital cards, rosters by card_id, highest-priority cardset wins", () => {
    assert.equal(PD_LEAGUE.rules.cardReading, "automatic");
    assert.equal(PD_LEAGUE.keyedBy, "card_id");
    assert.deepEqual(PD_LEAGUE.cardsets, { pick: "highest-priority" });
    assert.equal(PD_LEAGUE.rosterSize, 26);
  });

  it("both keep every other rule at its default", () => {
    for (const league of [SBA_LEAGUE, PD_LEAGUE]) {
      const { cardReading: _a, ...rest } = league.rules;
      const { cardReading: _b, ...defaults } = DEFAULT_RULES;
      assert.deepEqual(rest, defaults);
      assert.equal(league.rules.designatedHitter, true);
    }
  });
});
