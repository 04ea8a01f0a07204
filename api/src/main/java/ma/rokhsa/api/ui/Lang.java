package ma.rokhsa.api.ui;

import java.time.Duration;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The two languages of the pages, Arabic (right to left) and French. The choice is remembered in a
 * cookie; without one, the browser's preferred of the two wins, else French.
 */
public enum Lang {
    FR("fr", "ltr"), AR("ar", "rtl");

    public static final String COOKIE = "lang";

    private final String code;
    private final String dir;

    Lang(String code, String dir) {
        this.code = code;
        this.dir = dir;
    }

    public String code() {
        return code;
    }

    public String dir() {
        return dir;
    }

    public Locale locale() {
        return Locale.forLanguageTag(code);
    }

    public Lang other() {
        return this == FR ? AR : FR;
    }

    public static Lang of(String code) {
        return "ar".equalsIgnoreCase(code) ? AR : "fr".equalsIgnoreCase(code) ? FR : null;
    }

    public static Lang of(Locale locale) {
        return locale != null && "ar".equals(locale.getLanguage()) ? AR : FR;
    }

    /** The cookie that remembers the choice for a year. */
    static ResponseCookie cookie(Lang lang) {
        return ResponseCookie.from(COOKIE, lang.code).path("/").maxAge(Duration.ofDays(365)).sameSite("Lax").httpOnly(true).build();
    }

    /** Resolves the page language of every request (WebFlux looks the bean up by the name {@code localeContextResolver}). */
    static final class Resolver implements LocaleContextResolver {

        @Override
        public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
            Lang chosen = cookie == null ? null : of(cookie.getValue());
            if (chosen == null) {
                for (Locale.LanguageRange range : exchange.getRequest().getHeaders().getAcceptLanguage()) {
                    chosen = of(range.getRange().length() >= 2 ? range.getRange().substring(0, 2) : range.getRange());
                    if (chosen != null) {
                        break;
                    }
                }
            }
            return new SimpleLocaleContext((chosen == null ? FR : chosen).locale());
        }

        @Override
        public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
            exchange.getResponse().addCookie(cookie(of(localeContext == null ? null : localeContext.getLocale())));
        }
    }
}
