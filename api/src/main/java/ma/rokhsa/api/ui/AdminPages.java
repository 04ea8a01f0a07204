package ma.rokhsa.api.ui;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.admin.Accounts;
import ma.rokhsa.api.deadline.HolidayCalendar;
import ma.rokhsa.api.fees.CoveredUse;
import ma.rokhsa.api.fees.FeeService;
import ma.rokhsa.api.fees.Tariff;
import ma.rokhsa.api.fees.TariffRates;
import ma.rokhsa.api.reference.ReferenceData;
import ma.rokhsa.api.security.R2dbcUserStore;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.signing.SigningKeyService;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Signature keys for the administrator and the province's contact (issue, ship, hand over, reissue the PIN,
 * revoke), and the administration page: accounts, the communes' tariffs, public holidays.
 */
@Controller
class AdminPages {

    private static final ZoneId MOROCCO = ZoneId.of("Africa/Casablanca");

    private final SigningKeyService keys;
    private final Accounts accounts;
    private final FeeService fees;
    private final HolidayCalendar holidays;
    private final ReferenceData reference;
    private final Clock clock;

    AdminPages(SigningKeyService keys, Accounts accounts, FeeService fees, HolidayCalendar holidays, ReferenceData reference,
               Clock clock) {
        this.keys = keys;
        this.accounts = accounts;
        this.fees = fees;
        this.holidays = holidays;
        this.reference = reference;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ keys

    @GetMapping("/keys")
    Mono<Rendering> keys(Viewer v, @RequestParam(required = false) String done, @RequestParam(required = false) String problem) {
        if (!(v.is(Role.ADMIN) || v.is(Role.PROVINCE_CONTACT))) {
            return Mono.just(Rendering.redirectTo(PageAdvice.home(v)).build());
        }
        return keys.list(v).collectList().map(list -> Rendering.view("admin/keys").modelAttribute("keys", list)
                .modelAttribute("done", done == null ? "" : done).modelAttribute("problem", problem == null ? "" : problem).build());
    }

    @PostMapping("/keys")
    Mono<Rendering> issue(Viewer v, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(f -> keys.issue(v, value(f, "holder")).thenReturn(keysDone("issued"))
                .onErrorResume(ApiProblem.class, e -> Mono.just(keysProblem(e))));
    }

    @PostMapping("/keys/{id}/{action}")
    Mono<Rendering> keyAction(Viewer v, @PathVariable UUID id, @PathVariable String action, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(f -> {
            Mono<?> done = switch (action) {
                case "ship" -> keys.ship(v, id);
                case "handover" -> keys.handOver(v, id);
                case "reissue-pin" -> keys.reissuePin(v, id);
                case "revoke" -> keys.revoke(v, id, value(f, "reason").isEmpty() ? "UNSPECIFIED" : value(f, "reason"));
                default -> Mono.error(ApiProblem.notFound("Action " + action));
            };
            return done.thenReturn(keysDone(action)).onErrorResume(ApiProblem.class, e -> Mono.just(keysProblem(e)));
        });
    }

    private static Rendering keysDone(String what) {
        return Rendering.redirectTo("/keys?done=" + what).build();
    }

    private static Rendering keysProblem(ApiProblem e) {
        return Rendering.redirectTo("/keys?problem=" + e.code()).build();
    }

    // ------------------------------------------------------------------ administration

    /** A commune with the tariff in force today (null when it has none). */
    record CommuneTariff(ReferenceData.Commune commune, Tariff tariff) {
    }

    @GetMapping("/admin")
    Mono<Rendering> admin(Viewer v, @RequestParam(required = false) String done, @RequestParam(required = false) String problem) {
        return page(v, Map.of(), Map.of(), done, problem, HttpStatus.OK);
    }

    private Mono<Rendering> page(Viewer v, Map<String, String> values, Map<String, String> errors, String done, String problem,
                                 HttpStatus status) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can do this."));
        }
        LocalDate today = LocalDate.now(clock.withZone(MOROCCO));
        return Mono.zip(accounts.list(v), reference.communes().flatMapMany(Flux::fromIterable)
                        .concatMap(c -> fees.tariffOn(c.code(), today).map(t -> new CommuneTariff(c, t))
                                .defaultIfEmpty(new CommuneTariff(c, null)))
                        .collectList(), holidays.ready())
                .map(t -> Rendering.view("admin/home").status(status).modelAttribute("users", t.getT1())
                        .modelAttribute("tariffs", t.getT2()).modelAttribute("roles", Role.values())
                        .modelAttribute("uses", java.util.Arrays.stream(CoveredUse.values()).map(Enum::name).toList())
                        .modelAttribute("holidays", holidays.holidays(today.getYear()))
                        .modelAttribute("year", today.getYear()).modelAttribute("today", today.toString())
                        .modelAttribute("values", values).modelAttribute("errors", errors)
                        .modelAttribute("done", done == null ? "" : done).modelAttribute("problem", problem == null ? "" : problem).build());
    }

    @PostMapping("/admin/users")
    Mono<Rendering> createUser(Viewer v, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(f -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String k : List.of("username", "fullName", "email", "phone", "role", "communeCode", "organisationCode", "provinceCode")) {
                values.put(k, value(f, k));
            }
            String password = value(f, "password");
            Map<String, String> errors = new LinkedHashMap<>();
            if (!values.get("username").matches("[a-z0-9._-]{3,40}")) {
                errors.put("username", "admin.usernameFormat");
            }
            if (password.length() < 12) {
                errors.put("password", "admin.passwordShort");
            }
            if (values.get("fullName").isEmpty()) {
                errors.put("fullName", "admin.fullNameMissing");
            }
            Role role = null;
            try {
                role = Role.valueOf(values.get("role"));
            } catch (IllegalArgumentException e) {
                errors.put("role", "admin.roleMissing");
            }
            if (!errors.isEmpty()) {
                return page(v, values, errors, null, null, HttpStatus.BAD_REQUEST);
            }
            return accounts.create(v, new R2dbcUserStore.NewAccount(values.get("username"), values.get("fullName"),
                            blank(values.get("email")), blank(values.get("phone")), role, blank(values.get("communeCode")),
                            blank(values.get("organisationCode")), blank(values.get("provinceCode"))), password)
                    .thenReturn(Rendering.redirectTo("/admin?done=user#users").build())
                    .onErrorResume(ApiProblem.class, e -> page(v, values, Map.of("_users", "problem." + e.code()), null, null,
                            HttpStatus.valueOf(e.getStatusCode().value())));
        });
    }

    @PostMapping("/admin/tariffs")
    Mono<Rendering> newTariff(Viewer v, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(f -> {
            String commune = value(f, "communeCode");
            LocalDate from;
            try {
                from = LocalDate.parse(value(f, "validFrom"));
            } catch (RuntimeException e) {
                return page(v, Map.of(), Map.of("validFrom", "admin.dateFormat"), null, null, HttpStatus.BAD_REQUEST);
            }
            Map<String, BigDecimal> perM2 = new LinkedHashMap<>();
            for (CoveredUse use : CoveredUse.values()) {
                String raw = value(f, "rate." + use.name()).replace(',', '.');
                if (!raw.isEmpty()) {
                    try {
                        perM2.put(use.name(), new BigDecimal(raw));
                    } catch (NumberFormatException e) {
                        return page(v, Map.of(), Map.of("rate." + use.name(), "figures.notANumber"), null, null, HttpStatus.BAD_REQUEST);
                    }
                }
            }
            LocalDate today = LocalDate.now(clock.withZone(MOROCCO));
            return fees.tariffOn(commune, today).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(current -> {
                        TariffRates base = current.map(Tariff::rates).orElse(new TariffRates(Map.of(), List.of("BUILDING_SMALL",
                                "BUILDING_LARGE"), null, List.of(), Map.of()));
                        TariffRates rates = new TariffRates(perM2, base.constructionTypes(), base.subdivisionPercent(),
                                base.subdivisionTypes(), base.fixedFees());
                        return fees.newVersion(v, new FeeService.NewTariff(commune, from, rates, blank(value(f, "note"))));
                    })
                    .thenReturn(Rendering.redirectTo("/admin?done=tariff#tariffs").build())
                    .onErrorResume(ApiProblem.class, e -> Mono.just(Rendering.redirectTo("/admin?problem=" + e.code() + "#tariffs").build()));
        });
    }

    @PostMapping("/admin/holidays")
    Mono<Rendering> addHoliday(Viewer v, ServerWebExchange exchange) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can do this."));
        }
        return exchange.getFormData().flatMap(f -> {
            LocalDate day;
            try {
                day = LocalDate.parse(value(f, "date"));
            } catch (RuntimeException e) {
                return page(v, Map.of(), Map.of("date", "admin.dateFormat"), null, null, HttpStatus.BAD_REQUEST);
            }
            String name = value(f, "name");
            if (name.isEmpty()) {
                return page(v, Map.of(), Map.of("name", "admin.holidayNameMissing"), null, null, HttpStatus.BAD_REQUEST);
            }
            return holidays.ready().then(holidays.add(day, name, v.id()))
                    .thenReturn(Rendering.redirectTo("/admin?done=holiday#holidays").build());
        });
    }

    @PostMapping("/admin/holidays/{date}/remove")
    Mono<Rendering> removeHoliday(Viewer v, @PathVariable String date) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can do this."));
        }
        LocalDate day = LocalDate.parse(date);
        return holidays.ready().then(holidays.remove(day, v.id()))
                .thenReturn(Rendering.redirectTo("/admin?done=holidayRemoved#holidays").build());
    }

    private static String value(MultiValueMap<String, String> f, String k) {
        String s = f.getFirst(k);
        return s == null ? "" : s.strip();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
