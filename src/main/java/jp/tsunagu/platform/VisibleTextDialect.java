package jp.tsunagu.platform;

import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IPostProcessorDialect;
import org.thymeleaf.engine.AbstractTemplateHandler;
import org.thymeleaf.model.IAttribute;
import org.thymeleaf.model.ICloseElementTag;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IOpenElementTag;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.model.IStandaloneElementTag;
import org.thymeleaf.model.IText;
import org.thymeleaf.postprocessor.IPostProcessor;
import org.thymeleaf.postprocessor.PostProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Every HTML page shows invisible format characters visibly ({@link VisibleText}): a post-processor of the
 * Thymeleaf output, after the values have been escaped, so that no template and no module has to remember it
 * and a new screen has it too. It rewrites text and attribute values (title, aria-label, the map's data), but
 * leaves what a form sends back as it was — an input's {@code value} and a textarea's text — so that a
 * search or a form re-sent from the page carries the value as typed.
 */
@Component
class VisibleTextDialect extends AbstractDialect implements IPostProcessorDialect {

    VisibleTextDialect() {
        super("見えない書式文字の可視化");
    }

    @Override
    public int getDialectPostProcessorPrecedence() {
        return 1000;
    }

    @Override
    public Set<IPostProcessor> getPostProcessors() {
        return Set.of(new PostProcessor(TemplateMode.HTML, Handler.class, 1000));
    }

    /** Made by Thymeleaf for each template it renders (hence public, with a public constructor). */
    public static final class Handler extends AbstractTemplateHandler {

        private IModelFactory model;
        private int inTextarea;

        public Handler() {
            super();
        }

        @Override
        public void setContext(ITemplateContext context) {
            super.setContext(context);
            model = context.getModelFactory();
        }

        @Override
        public void handleText(IText text) {
            if (inTextarea == 0 && VisibleText.firstShown(text.getText()) >= 0) {
                getNext().handleText(model.createText(VisibleText.visible(text.getText())));
            } else {
                getNext().handleText(text);
            }
        }

        @Override
        public void handleOpenElement(IOpenElementTag tag) {
            if (tag.getElementCompleteName().equalsIgnoreCase("textarea")) {
                inTextarea++;
            }
            getNext().handleOpenElement(attributes(tag));
        }

        @Override
        public void handleCloseElement(ICloseElementTag tag) {
            if (tag.getElementCompleteName().equalsIgnoreCase("textarea") && inTextarea > 0) {
                inTextarea--;
            }
            getNext().handleCloseElement(tag);
        }

        @Override
        public void handleStandaloneElement(IStandaloneElementTag tag) {
            getNext().handleStandaloneElement(attributes(tag));
        }

        private <T extends IProcessableElementTag> T attributes(T tag) {
            T shown = tag;
            for (IAttribute a : tag.getAllAttributes()) {
                String value = a.getValue();
                if (value != null && !a.getAttributeCompleteName().equalsIgnoreCase("value")
                        && VisibleText.firstShown(value) >= 0) {
                    shown = model.setAttribute(shown, a.getAttributeCompleteName(), VisibleText.visible(value));
                }
            }
            return shown;
        }
    }
}
