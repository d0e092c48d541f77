import base64, hashlib, subprocess, sys
# Syncthing device ID of a PEM certificate: sha256(DER) -> base32 -> luhn32 per 13 chars -> groups of 7.
der = subprocess.run(["openssl", "x509", "-in", sys.argv[1], "-outform", "der"], check=True, capture_output=True).stdout
b32 = base64.b32encode(hashlib.sha256(der).digest()).decode().rstrip("=")
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
def luhn(s):
    f, t = 1, 0
    for ch in s:
        a = f * A.index(ch); f = 1 if f == 2 else 2; t += a // 32 + a % 32
    return A[(32 - t % 32) % 32]
l = "".join(b32[i:i+13] + luhn(b32[i:i+13]) for i in range(0, 52, 13))
print("-".join(l[i:i+7] for i in range(0, 56, 7)))
