package ma.rokhsa.api.payment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HmacParameterSignerTest {

    static final byte[] SECRET = "a-shared-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    final HmacParameterSigner signer = new HmacParameterSigner(SECRET);

    @Test
    void canonicalFormSortsNamesCaseInsensitivelyAndSkipsTheHash() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("oid", "BML-2026-000042-P01");
        p.put("amount", "3025.00");
        p.put("Currency", "504");
        p.put("hash", "ignored");
        p.put("encoding", "UTF-8");
        p.put("TransId", "T1");
        assertThat(HmacParameterSigner.canonical(p)).isEqualTo("amount=3025.00|Currency=504|oid=BML-2026-000042-P01|TransId=T1");
    }

    @Test
    void theOrderOfTheMapDoesNotMatter() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("b", "2");
        a.put("a", "1");
        a.put("C", "3");
        Map<String, String> b = new TreeMap<>(a);
        Map<String, String> c = new HashMap<>(a);
        assertThat(HmacParameterSigner.canonical(a)).isEqualTo("a=1|b=2|C=3")
                .isEqualTo(HmacParameterSigner.canonical(b)).isEqualTo(HmacParameterSigner.canonical(c));
        assertThat(signer.sign(a)).isEqualTo(signer.sign(b));
    }

    @Test
    void separatorsInValuesAreEscapedSoFieldsCannotBeForged() {
        Map<String, String> sneaky = Map.of("amount", "1.00|currency=504", "a", "x");
        Map<String, String> honest = Map.of("amount", "1.00", "currency", "504", "a", "x");
        assertThat(HmacParameterSigner.canonical(sneaky)).isEqualTo("a=x|amount=1.00\\|currency=504");
        assertThat(HmacParameterSigner.canonical(sneaky)).isNotEqualTo(HmacParameterSigner.canonical(honest));
        assertThat(HmacParameterSigner.canonical(Map.of("a", "back\\slash"))).isEqualTo("a=back\\\\slash");
        // A trailing backslash cannot swallow the separator either.
        assertThat(HmacParameterSigner.canonical(Map.of("a", "x\\", "b", "y"))).isEqualTo("a=x\\\\|b=y");
        assertThat(HmacParameterSigner.canonical(Map.of("a", "x\\|b=y")))
                .isNotEqualTo(HmacParameterSigner.canonical(Map.of("a", "x\\", "b", "y")));
    }

    @Test
    void namesAreSignedSoValuesCannotMoveBetweenFields() {
        Map<String, String> order = Map.of("amount", "100.00", "fee", "5.00");
        Map<String, String> swapped = Map.of("amount", "5.00", "fee", "100.00");
        assertThat(signer.sign(order)).isNotEqualTo(signer.sign(swapped));
        assertThat(signer.sign(Map.of("amount", "100.00"))).isNotEqualTo(signer.sign(Map.of("amounT0", "100.00")));
    }

    @Test
    void theSignatureIsBase64HmacSha512OfTheCanonicalText() throws Exception {
        Map<String, String> p = Map.of("oid", "X-1", "amount", "10.50", "currency", "504");
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA512"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal("amount=10.50|currency=504|oid=X-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(signer.sign(p)).isEqualTo(expected);
        assertThat(Base64.getDecoder().decode(signer.sign(p))).hasSize(64);
    }

    @Test
    void verifyAcceptsOnlyTheExactSignedParameters() {
        Map<String, String> signed = signer.signed(Map.of("oid", "X-1", "amount", "10.50", "currency", "504"));
        assertThat(signer.verify(signed)).isTrue();

        Map<String, String> tampered = new HashMap<>(signed);
        tampered.put("amount", "1.50");
        assertThat(signer.verify(tampered)).isFalse();

        Map<String, String> added = new HashMap<>(signed);
        added.put("extra", "1");
        assertThat(signer.verify(added)).isFalse();

        Map<String, String> removed = new HashMap<>(signed);
        removed.remove("currency");
        assertThat(signer.verify(removed)).isFalse();

        Map<String, String> noHash = new HashMap<>(signed);
        noHash.remove("hash");
        assertThat(signer.verify(noHash)).isFalse();

        Map<String, String> garbage = new HashMap<>(signed);
        garbage.put("hash", "%%% not base64 %%%");
        assertThat(signer.verify(garbage)).isFalse();

        Map<String, String> truncated = new HashMap<>(signed);
        truncated.put("hash", signed.get("hash").substring(0, 20));
        assertThat(signer.verify(truncated)).isFalse();

        HmacParameterSigner other = new HmacParameterSigner("another-secret-that-is-long-enough-too".getBytes(StandardCharsets.UTF_8));
        assertThat(other.verify(signed)).isFalse();
        // "encoding" is not signed (as with CMI): it may be added by the sender's form library.
        Map<String, String> encoded = new HashMap<>(signed);
        encoded.put("encoding", "UTF-8");
        assertThat(signer.verify(encoded)).isTrue();
    }

    @Test
    void ambiguousNamesAreRefused() {
        assertThatThrownBy(() -> HmacParameterSigner.canonical(Map.of("amount", "1", "AMOUNT", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ only by case");
        assertThatThrownBy(() -> HmacParameterSigner.canonical(Map.of("a=b", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> HmacParameterSigner.canonical(Map.of("a|b", "1"))).isInstanceOf(IllegalArgumentException.class);
        Map<String, String> signedWithBadName = new HashMap<>(signer.signed(Map.of("a", "1")));
        signedWithBadName.put("a|b", "2");
        assertThat(signer.verify(signedWithBadName)).isFalse();
    }

    @Test
    void nonAsciiValuesAreSignedAsUtf8() {
        Map<String, String> p = signer.signed(Map.of("description", "Droits et taxes - dossier بني ملال"));
        assertThat(signer.verify(p)).isTrue();
        Map<String, String> q = new HashMap<>(p);
        q.put("description", "Droits et taxes - dossier بني ملا");
        assertThat(signer.verify(q)).isFalse();
    }

    @Test
    void shortSecretsAreRefusedAndTheSecretIsNeverPrinted() {
        assertThatThrownBy(() -> new HmacParameterSigner("short".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("32 bytes");
        assertThat(signer.toString()).doesNotContain("shared-secret");
        PaymentProperties.Sandbox sandbox = new PaymentProperties.Sandbox(true, "super-secret-value-that-nobody-should-see", "M");
        assertThat(sandbox.toString()).doesNotContain("super-secret").contains("hidden");
    }
}
