package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import ma.rokhsa.api.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxGatewayTest {

    final SandboxGateway gateway = new SandboxGateway(new HmacParameterSigner(HmacParameterSignerTest.SECRET), "ROKHSA-SANDBOX",
            () -> URI.create("https://rokhsa.example.ma"));
    final PaymentGateway.Order order = new PaymentGateway.Order("BML-2026-000042-P01", new BigDecimal("3025.00"), "504",
            URI.create("https://rokhsa.example.ma/pay/return?order=BML-2026-000042-P01&result=ok"),
            URI.create("https://rokhsa.example.ma/pay/return?order=BML-2026-000042-P01&result=fail"),
            URI.create("https://rokhsa.example.ma/api/payments/callback/sandbox"), "Droits et taxes");

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void theRedirectCarriesASignedOrder() {
        URI redirect = gateway.redirect(order);
        assertThat(redirect.toString()).startsWith("https://rokhsa.example.ma/pay/BML-2026-000042-P01?");
        Map<String, String> params = query(redirect);
        assertThat(params).containsEntry("amount", "3025.00").containsEntry("currency", "504").containsEntry("oid", order.orderId())
                .containsEntry("callbackUrl", "https://rokhsa.example.ma/api/payments/callback/sandbox").containsKey("hash");
        assertThat(gateway.genuineOrder(params)).isTrue();
        params.put("amount", "1.00");
        assertThat(gateway.genuineOrder(params)).isFalse();
    }

    @Test
    void callbacksItSignsVerifyAndSayWhetherApproved() {
        Map<String, String> o = query(gateway.redirect(order));
        PaymentGateway.Callback ok = gateway.verify(gateway.callbackFor(o, true));
        assertThat(ok.approved()).isTrue();
        assertThat(ok.amount()).isEqualTo("3025.00");
        assertThat(ok.currency()).isEqualTo("504");
        assertThat(ok.orderId()).isEqualTo(order.orderId());
        assertThat(ok.transactionId()).startsWith("SBX");
        PaymentGateway.Callback ko = gateway.verify(gateway.callbackFor(o, false));
        assertThat(ko.approved()).isFalse();
        assertThat(ko.responseCode()).isEqualTo("05");
        assertThat(ko.transactionId()).isNotEqualTo(ok.transactionId());
    }

    @Test
    void anAlteredCallbackIsRefused() {
        Map<String, String> cb = new HashMap<>(gateway.callbackFor(query(gateway.redirect(order)), false));
        cb.put("ProcReturnCode", "00");
        cb.put("Response", "Approved");
        assertThatThrownBy(() -> gateway.verify(cb)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.code()).isEqualTo("BAD_SIGNATURE");
            assertThat(p.getStatusCode().value()).isEqualTo(400);
        });
    }

    @Test
    void answersAreTheCmiOnes() {
        assertThat(gateway.answer(PaymentGateway.Answer.ACCEPT)).isEqualTo("ACTION=POSTAUTH");
        assertThat(gateway.answer(PaymentGateway.Answer.RECORDED)).isEqualTo("APPROVED");
        assertThat(gateway.answer(PaymentGateway.Answer.REFUSE)).isEqualTo("FAILURE");
    }

    @Test
    void theSecretIsGeneratedOnceUnderTheDataFolderAndRequiredInProduction(@TempDir Path data) throws Exception {
        byte[] first = PaymentConfig.secret(null, data, false);
        byte[] again = PaymentConfig.secret("", data, false);
        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(again);
        Path file = data.resolve("secrets/payment-sandbox.key");
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThatThrownBy(() -> PaymentConfig.secret(null, data, true)).hasMessageContaining("required");
        assertThatThrownBy(() -> PaymentConfig.secret("too-short", data, false)).hasMessageContaining("32");
        assertThat(PaymentConfig.secret("x".repeat(40), data, true)).hasSize(40);
    }
}
