/**
 * Headless pairing: {@code chorus invite} issues a one-line token (this device's ID and addresses, a
 * folder, a one-time secret); {@code chorus join} on another host adds the inviter and remembers the
 * secret, which its node sends in Hello; the inviter's {@link chorus.transport.pairing.PairingRegistry}
 * admits the unknown device once for that secret and adds it to the config.
 *
 * <p>Trust runs both ways without a CA: the joiner learns the inviter's device ID from the token (copied
 * by a human over a channel they trust) and TLS proves it; the inviter learns nothing in advance and
 * trusts whoever presents the unguessable, short-lived, single-use secret.
 */
package chorus.transport.pairing;
