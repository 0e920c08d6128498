using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Writes a string that holds a line break, a control character or Unicode white space as a double-quoted
    /// scalar with escapes. Left to itself the emitter may choose a folded block, whose content depends on
    /// line-folding rules that YAML 1.1 parsers (RancherOS's among them) apply to U+0085, U+2028 and U+2029.
    /// A lone "=" or "<<" is quoted too: YAML 1.1 reads them as the "value" and "merge" types, which a plain
    /// string value cannot be.
    /// </summary>
    internal sealed class FreeTextScalarStyle : ChainedEventEmitter
    {
        public FreeTextScalarStyle(IEventEmitter next)
            : base(next)
        {
        }

        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text && (text == "=" || text == "<<" || NeedsEscapes(text))) eventInfo.Style = ScalarStyle.DoubleQuoted;
            base.Emit(eventInfo, emitter);
        }

        private static bool NeedsEscapes(string text)
        {
            foreach (char c in text)
            {
                if (c < ' ' || (c >= '\u007f' && c <= '\u00a0') || c == '\u2028' || c == '\u2029' || c == '\ufeff')
                {
                    return true;
                }
            }
            return false;
        }
    }
}
