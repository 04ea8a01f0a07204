package ma.rokhsa.api.ui;

import java.util.List;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/** The pages anyone may open without an account: home (ranking, statistics and verification have their own). */
@Controller
class PublicPages {

    private static final ClassPathResource WORKER = new ClassPathResource("static/js/sw.js");

    private final Messages messages;

    PublicPages(Messages messages) {
        this.messages = messages;
    }

    @GetMapping("/")
    Mono<Rendering> home() {
        return Mono.just(Rendering.view("public/home").build());
    }

    /** The web app manifest, in the visitor's language, so that the platform can be installed on a phone. */
    @GetMapping(path = "/manifest.webmanifest", produces = "application/manifest+json")
    @ResponseBody
    Map<String, Object> manifest(ServerWebExchange exchange) {
        Lang lang = Lang.of(exchange.getLocaleContext().getLocale());
        return Map.of("name", messages.get("app.name", lang.locale()) + " – " + messages.get("home.tagline", lang.locale()),
                "short_name", messages.get("app.name", lang.locale()),
                "lang", lang.code(), "dir", lang.dir(), "start_url", "/", "scope", "/", "display", "standalone",
                "background_color", "#ffffff", "theme_color", "#0b5d3b",
                "icons", List.of(Map.of("src", "/static/img/icon.svg", "sizes", "any", "type", "image/svg+xml", "purpose", "any"),
                        Map.of("src", "/static/img/icon-192.png", "sizes", "192x192", "type", "image/png"),
                        Map.of("src", "/static/img/icon-512.png", "sizes", "512x512", "type", "image/png")));
    }

    /** The service worker must be served from the root to control every page. */
    @GetMapping(path = "/sw.js", produces = "text/javascript")
    ResponseEntity<Resource> serviceWorker() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(WORKER);
    }
}
