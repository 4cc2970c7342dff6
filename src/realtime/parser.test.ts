// The parser's promise: the default socket.io-parser's wire format for every packet Dugout sends
// (JSON only).

import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Decoder, Encoder, type Packet, PacketType } from "socket.io-parser";
import { JsonEncoder } from "./parser.js";

const json = fc.jsonValue({ maxDepth: 4 });
const nsp = fc.constantFrom("/", "/game", "/ü");
const id = fc.option(fc.nat({ max: 1e9 }), { nil: undefined });
const eventName = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s !== "disconnect");

/** Every kind of packet a server or a client sends, with JSON data. */
const packets: fc.Arbitrary<Packet> = fc.oneof(
  fc.record({
    type: fc.constant(PacketType.EVENT),
    nsp,
    id,
    data: fc.tuple(eventName, fc.array(json, { maxLength: 3 })).map(([e, a]) => [e, ...a]),
  }),
  fc.record({ type: fc.constant(PacketType.ACK), nsp, id: fc.nat(), data: fc.array(json) }),
  fc.record({ type: fc.constant(PacketType.CONNECT), nsp, data: fc.dictionary(fc.string(), json) }),
  fc.record({ type: fc.constant(PacketType.CONNECT_ERROR), nsp, data: fc.string() }),
  fc.record({ type: fc.constant(PacketType.DISCONNECT), nsp }),
);

/** Drops the keys that are present but undefined, as the wire does. */
const defined = (packet: Packet) => JSON.parse(JSON.stringify(packet)) as Packet;

function decodeWith(decoder: Decoder, chunks: unknown[]): Packet[] {
  const out: Packet[] = [];
  decoder.on("decoded", (p: Packet) => out.push(p));
  for (const chunk of chunks) decoder.add(chunk);
  return out;
}

test("the encoder writes exactly what the default encoder writes for a packet without binary", () => {
  const ours = new JsonEncoder();
  const theirs = new Encoder();
  fc.assert(
    fc.property(packets, (packet) => {
      const wire = ours.encode(packet);
      assert.deepEqual(wire, theirs.encode(packet));
      assert.equal(wire.length, 1);
      assert.equal(typeof wire[0], "string");
      // And the default decoder reads it back as the packet that was sent.
      assert.deepEqual(decodeWith(new Decoder(), wire), [
        { ...defined(packet), nsp: packet.nsp || "/" },
      ]);
    }),
    { numRuns: 500 },
  );
});

test("a Buffer in a payload goes out as its JSON, never as a binary attachment", () => {
  const [wire, ...attachments] = new JsonEncoder().encode({
    type: PacketType.EVENT,
    nsp: "/game",
    data: ["game_state_update", { bytes: Buffer.from([1, 2]) }],
  });
  assert.deepEqual(attachments, []);
  assert.equal(
    wire,
    '2/game,["game_state_update",{"bytes":{"type":"Buffer","data":[1,2]}}]',
    "a plain EVENT packet, not a BINARY_EVENT",
  );
});
