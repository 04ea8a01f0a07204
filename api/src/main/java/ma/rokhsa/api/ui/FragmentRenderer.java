package ma.rokhsa.api.ui;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;

/**
 * Renders a small template to a string outside a request, for the HTML fragments that live updates push
 * over server-sent events: the same templates as the pages, in the subscriber's language, with the same
 * beans ({@code @labels}, {@code @messages}). Templates used here avoid {@code @{...}} links, which need a
 * request. Rendering is CPU only (templates are cached).
 */
@Component
class FragmentRenderer {

    private final ISpringWebFluxTemplateEngine engine;
    private final ApplicationContext context;

    FragmentRenderer(ISpringWebFluxTemplateEngine engine, ApplicationContext context) {
        this.engine = engine;
        this.context = context;
    }

    String render(String template, Locale locale, Map<String, Object> variables) {
        Map<String, Object> vars = new HashMap<>(variables);
        Lang lang = Lang.of(locale);
        vars.putIfAbsent("lang", lang.code());
        vars.putIfAbsent("dir", lang.dir());
        vars.put(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
                new ThymeleafEvaluationContext(context, null));
        return engine.process(template, new Context(lang.locale(), vars)).strip();
    }
}
