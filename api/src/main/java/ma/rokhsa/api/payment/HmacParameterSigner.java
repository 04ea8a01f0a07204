package ma.rokhsa.api.payment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the parameters exchanged with a card-payment gateway, in the manner of the Moroccan
 * interbank gateways (CMI "ver3" hashes): the parameters, minus {@code hash} and {@code encoding}, are
 * sorted by name (case-insensitively), each written {@code name=value} with {@code \} and {@code |}
 * escaped in the value, joined with {@code |}; the signature is the Base64 HMAC-SHA512 of that text
 * (UTF-8) under the shared secret. Unlike CMI's plain SHA-512 over the values only, names are signed
 * too and the secret is an HMAC key, so values cannot be moved between parameters and the secret
 * cannot be extended past.
 *
 * <p>Verification compares in constant time. Thread-safe; the secret never appears in
 * {@link #toString()}.
 */
public final class HmacParameterSigner {

    /** The parameter that carries the signature. */
    public static final String HASH = "hash";
    private static final Set<String> UNSIGNED = Set.of("hash", "encoding");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String ALGORITHM = "HmacSHA512";
    private static final Comparator<String> ORDER = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private final SecretKeySpec key;

    /** @param secret the shared secret, at least 32 bytes */
    public HmacParameterSigner(byte[] secret) {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("A payment signing secret must be at least 32 bytes long");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        mac(); // fail fast, and initialise the JCE provider at start-up rather than on an event loop
    }

    /**
     * The text that is signed. Refuses parameter names outside {@code [A-Za-z0-9_.-]} and names that
     * differ only by case (either would make the text ambiguous).
     */
    public static String canonical(Map<String, String> params) {
        List<String> names = new ArrayList<>();
        for (String name : params.keySet()) {
            if (UNSIGNED.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Parameter name '" + name + "' is not allowed in a signed message");
            }
            names.add(name);
        }
        names.sort(ORDER);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                if (names.get(i).equalsIgnoreCase(names.get(i - 1))) {
                    throw new IllegalArgumentException("Parameters '" + names.get(i - 1) + "' and '" + names.get(i) + "' differ only by case");
                }
                sb.append('|');
            }
            String value = params.get(names.get(i));
            sb.append(names.get(i)).append('=').append(escape(value == null ? "" : value));
        }
        return sb.toString();
    }

    /** The Base64 signature of the parameters. */
    public String sign(Map<String, String> params) {
        return Base64.getEncoder().encodeToString(mac(canonical(params)));
    }

    /** The parameters with their signature added as {@value #HASH}. */
    public Map<String, String> signed(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>(params);
        out.remove(HASH);
        out.put(HASH, sign(out));
        return out;
    }

    /** Whether {@value #HASH} is the signature of the other parameters; constant-time comparison. */
    public boolean verify(Map<String, String> params) {
        String given = params.get(HASH);
        if (given == null) {
            return false;
        }
        byte[] provided;
        byte[] expected;
        try {
            provided = Base64.getDecoder().decode(given.strip());
            expected = mac(canonical(params));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, provided);
    }

    private byte[] mac(String text) {
        return mac().doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private Mac mac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA512 is not available", e);
        }
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("|", "\\|");
    }

    @Override
    public String toString() {
        return "HmacParameterSigner[HMAC-SHA512, secret hidden]";
    }
}
