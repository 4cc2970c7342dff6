// The Socket.IO packet parser Dugout's server (and its SDK) use: the default socket.io-parser's
// wire format, without its binary support on the way out.
//
// Every Dugout event carries JSON only. The default encoder walks every outgoing payload, key by
// key, looking for a Buffer or a Blob to send as a binary attachment; for a game_state_update
// that walk cost nearly as much as the JSON.stringify that follows it (~4.5% of the server's busy
// CPU in bench:realtime's profile). This encoder writes every packet as the default encodes a
// packet without binary: type, namespace, ack id, JSON. So a client with the default parser reads
// it as it always has, and a third-party socket.io client keeps working. A Buffer put in a
// payload by mistake would go out as its JSON ({ type: "Buffer", data: [...] }), never as an
// attachment.
//
// Decoding is the default's, so clients may still send anything the protocol allows (binary
// included).
//
// Import-safe for a browser or the client SDK: no node:* imports.

import { Decoder, Encoder, type Packet } from "socket.io-parser";

/** Encodes every packet as text, exactly as the default encoder encodes a packet without binary. */
export class JsonEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    let text = `${packet.type}`;
    if (packet.nsp && packet.nsp !== "/") text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

/** The server's parser: `new Server(http, { parser: serverParser })`. */
export const serverParser = { Encoder: JsonEncoder, Decoder };

/** The SDK's parser: the same text on the wire, decoded by the default. */
export const clientParser = { Encoder: JsonEncoder, Decoder };
