package ma.rokhsa.api.ui;

import java.util.List;

import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.RokhsaUser;
import ma.rokhsa.api.security.Viewer;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What every page's layout needs: the language and direction, the signed-in person and their menu, the
 * CSRF token (for forms, and for htmx requests as a header) and the current address (to switch language
 * and come back).
 */
@ControllerAdvice(basePackageClasses = PageAdvice.class)
class PageAdvice {

    /** One entry of the main menu. */
    record NavItem(String href, String label) {
    }

    @ModelAttribute
    Mono<Void> layout(ServerWebExchange exchange, Model model) {
        Lang lang = Lang.of(exchange.getLocaleContext().getLocale());
        model.addAttribute("lang", lang.code());
        model.addAttribute("dir", lang.dir());
        model.addAttribute("otherLang", lang.other().code());
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String query = exchange.getRequest().getURI().getRawQuery();
        model.addAttribute("currentPath", path);
        model.addAttribute("currentUrl", query == null ? path : path + "?" + query);
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        Mono<Void> csrf = token == null ? Mono.empty() : token.doOnNext(t -> {
            exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, t);
            model.addAttribute("_csrf", t);
            model.addAttribute("csrfHeaders", "{\"" + t.getHeaderName() + "\":\"" + t.getToken() + "\"}");
        }).then();
        Mono<Void> me = ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication() == null ? null : c.getAuthentication().getPrincipal())
                .filter(RokhsaUser.class::isInstance)
                .map(p -> ((RokhsaUser) p).viewer())
                .doOnNext(v -> {
                    model.addAttribute("me", v);
                    model.addAttribute("nav", nav(v));
                })
                .then();
        return csrf.then(me);
    }

    /** The menu of each role: its own desks first. */
    static List<NavItem> nav(Viewer v) {
        return switch (v.role()) {
            case ARCHITECT -> List.of(new NavItem("/dossiers", "nav.myDossiers"), new NavItem("/dossiers/new", "nav.newDossier"));
            case REVIEWER -> List.of(new NavItem("/queue", "nav.queue"), new NavItem("/search", "nav.search"));
            case COMMISSION_MEMBER -> List.of(new NavItem("/opinions", "nav.opinions"), new NavItem("/search", "nav.search"));
            case SIGNATORY -> List.of(new NavItem("/sign", "nav.sign"), new NavItem("/search", "nav.search"));
            case PROVINCE_CONTACT -> List.of(new NavItem("/keys", "nav.keys"));
            case ADMIN -> List.of(new NavItem("/admin", "nav.admin"), new NavItem("/keys", "nav.keys"),
                    new NavItem("/search", "nav.search"));
        };
    }

    /** Where each role lands after signing in. */
    static String home(Viewer v) {
        return v.is(Role.ADMIN) ? "/admin" : nav(v).get(0).href();
    }
}
