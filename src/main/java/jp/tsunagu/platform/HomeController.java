package jp.tsunagu.platform;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page and the start page. */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class HomeController {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/search";
    }
}
