package ma.rokhsa.api.ui;

import java.util.Locale;
import java.util.Map;

import ma.rokhsa.api.web.ApiProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages' texts ({@code i18n/messages_*.properties}). Problems of the API are shown in the page's
 * language by their stable code ({@code problem.<CODE>}); a code without a translation keeps the API's
 * own message, which always says what to fix.
 */
@Component
public class Messages {

    private final MessageSource source;
    private final JsonMapper mapper;

    Messages(MessageSource source, JsonMapper mapper) {
        this.source = source;
        this.mapper = mapper;
    }

    public String get(String key, Locale locale, Object... args) {
        return source.getMessage(key, args, key, locale);
    }

    public String get(String key, ServerWebExchange exchange, Object... args) {
        return get(key, exchange.getLocaleContext().getLocale(), args);
    }

    /** A problem (an upload refused, an action not allowed now...) as a person reads it in their language. */
    public String problem(String code, String apiMessage, Locale locale, Object... args) {
        try {
            return source.getMessage("problem." + code, args, locale);
        } catch (NoSuchMessageException e) {
            return apiMessage;
        }
    }

    /**
     * Some texts as a JSON object (key without its prefix -> text) for a page's script, safe inside a
     * {@code <script type="application/json">} element.
     */
    public String json(Locale locale, String prefix, java.util.List<String> keys) {
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (String k : keys) {
            texts.put(k, source.getMessage(prefix + k, null, prefix + k, locale));
        }
        return mapper.writeValueAsString(texts).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** A line of a fee calculation, by its stable code (CONSTRUCTION_TAX.&lt;use&gt;, SUBDIVISION_TAX, FIXED_FEE.&lt;type&gt;). */
    public String feeLine(String code, String fallback, Locale locale) {
        if (code == null) {
            return fallback;
        }
        if (code.startsWith("CONSTRUCTION_TAX.")) {
            return get("fees.construction", locale) + " – " + get("use." + code.substring("CONSTRUCTION_TAX.".length()), locale);
        }
        if (code.equals("SUBDIVISION_TAX")) {
            return get("fees.subdivision", locale);
        }
        if (code.startsWith("FIXED_FEE.")) {
            return get("fees.fixed", locale);
        }
        return fallback;
    }

    public String problem(ApiProblem p, Locale locale) {
        return problem(p.code(), p.getBody().getDetail(), locale);
    }
}
