package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The default gateway: a sandbox served by the application itself at {@code /pay/{orderId}}, speaking
 * the CMI-like protocol with a shared secret. No card, no money: its test page has "Pay" and "Fail"
 * buttons that make it post the signed callback to the platform, as a real gateway's server would.
 * The same class plays both sides of the protocol (it signs orders and callbacks, and verifies both).
 */
final class SandboxGateway implements PaymentGateway {

    static final String NAME = "sandbox";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HmacParameterSigner signer;
    private final String merchantId;
    private final Supplier<URI> baseUrl;

    SandboxGateway(HmacParameterSigner signer, String merchantId, Supplier<URI> baseUrl) {
        this.signer = signer;
        this.merchantId = merchantId;
        this.baseUrl = baseUrl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public URI redirect(Order order) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("clientid", merchantId);
        p.put("oid", order.orderId());
        p.put("amount", amount(order.amount()));
        p.put("currency", order.currency());
        p.put("okUrl", order.okUrl().toString());
        p.put("failUrl", order.failUrl().toString());
        p.put("callbackUrl", order.callbackUrl().toString());
        p.put("description", order.description());
        p.put("TranType", "PreAuth");
        p.put("storetype", "3D_PAY_HOSTING");
        p.put("hashAlgorithm", "HMAC-SHA512");
        p.put("lang", "fr");
        p.put("rnd", random(8));
        StringBuilder url = new StringBuilder(baseUrl.get().toString()).append("/pay/")
                .append(URLEncoder.encode(order.orderId(), StandardCharsets.UTF_8)).append('?');
        signer.signed(p).forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        url.setLength(url.length() - 1);
        return URI.create(url.toString());
    }

    /** Gateway side: whether an order presented to the test page is one the platform signed. */
    boolean genuineOrder(Map<String, String> orderParams) {
        return signer.verify(orderParams);
    }

    /** Gateway side: the signed callback the gateway's server posts for an order, approved or declined. */
    Map<String, String> callbackFor(Map<String, String> order, boolean approved) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("clientid", order.get("clientid"));
        c.put("oid", order.get("oid"));
        c.put("amount", order.get("amount"));
        c.put("currency", order.get("currency"));
        c.put("TransId", "SBX" + random(10).toUpperCase());
        c.put("ProcReturnCode", approved ? "00" : "05");
        c.put("Response", approved ? "Approved" : "Declined");
        c.put("ErrMsg", approved ? "" : "Do not honour (sandbox)");
        c.put("AuthCode", approved ? String.valueOf(100_000 + RANDOM.nextInt(900_000)) : "");
        c.put("maskedCreditCard", approved ? "4000 00** **** 0002" : "4000 00** **** 0069");
        c.put("rnd", random(8));
        c.put("HASHALGORITHM", "HMAC-SHA512");
        return signer.signed(c);
    }

    @Override
    public Callback verify(Map<String, String> params) {
        if (!signer.verify(params)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "BAD_SIGNATURE",
                    "The callback's signature does not match its content: it was not sent by the gateway, or it was altered on the way.");
        }
        for (String required : new String[] {"oid", "TransId", "amount", "currency", "ProcReturnCode"}) {
            String v = params.get(required);
            if (v == null || v.isBlank()) {
                throw ApiProblem.badRequest("BAD_CALLBACK", "The callback has no " + required + ".");
            }
        }
        boolean approved = "00".equals(params.get("ProcReturnCode")) && "Approved".equalsIgnoreCase(params.get("Response"));
        return new Callback(params.get("oid"), params.get("TransId"), params.get("amount"), params.get("currency"), approved,
                params.get("ProcReturnCode"), approved ? params.get("Response") : params.getOrDefault("ErrMsg", params.get("Response")),
                Map.copyOf(params));
    }

    @Override
    public String answer(Answer answer) {
        return switch (answer) {
            case ACCEPT -> "ACTION=POSTAUTH";
            case RECORDED -> "APPROVED";
            case REFUSE -> "FAILURE";
        };
    }

    static String amount(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "SandboxGateway[" + merchantId + "]";
    }
}
