package ma.rokhsa.api.ui;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.i18n.LocaleContextResolver;

/** Wiring of the browser front end: the page language. Templates, messages and static files are Boot's defaults. */
@Configuration
class UiConfig {

    @Bean
    LocaleContextResolver localeContextResolver() {
        return new Lang.Resolver();
    }
}
