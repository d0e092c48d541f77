/** The chorus wire format: framing and the binary encoding of every protocol message. */
package chorus.transport.wire;
