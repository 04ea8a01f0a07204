package ma.rokhsa.api.web;

import ma.rokhsa.api.security.ViewerArgumentResolver;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** WebFlux wiring: the {@code Viewer} argument. */
@Configuration
class WebConfig implements WebFluxConfigurer {

    private final ViewerArgumentResolver viewerResolver;

    WebConfig(ViewerArgumentResolver viewerResolver) {
        this.viewerResolver = viewerResolver;
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(viewerResolver);
    }
}
