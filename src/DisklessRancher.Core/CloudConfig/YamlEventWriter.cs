using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.TypeInspectors;
using YamlDotNet.Serialization.TypeResolvers;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Writes one YAML document, mapping by mapping and scalar by scalar, through the chain of event emitters
    /// YamlDotNet's serializer uses: a string YAML 1.1 would read as another type is quoted, a bool or an int is
    /// written plain, and free text is escaped (<see cref="FreeTextScalarStyle"/>). The serializer would walk an
    /// object graph by reflection to the same events, at many times the cost per document.
    /// </summary>
    internal sealed class YamlEventWriter : IDisposable
    {
        private static readonly IEventEmitter Events = new FreeTextScalarStyle(new TypeAssigningEventEmitter(
            new WriterEventEmitter(),
            new Dictionary<Type, TagName>(),
            quoteNecessaryStrings: true,
            quoteYaml1_1Strings: true,
            ScalarStyle.Any,
            YamlFormatter.Default,
            NullNamingConvention.Instance,
            // Used for enum names only, and no enum is written.
            new ReadablePropertiesTypeInspector(new StaticTypeResolver())));

        // A mapping or a sequence carries no tag: the emitters only need to know it is not a scalar.
        private static readonly IObjectDescriptor Collection = new ObjectDescriptor(null, typeof(object), typeof(object));
        private readonly IEmitter emitter;

        public YamlEventWriter(TextWriter writer)
        {
            emitter = new Emitter(writer, EmitterSettings.Default.WithNewLine("\n"));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart());
        }

        public void StartMapping() => Events.Emit(new MappingStartEventInfo(Collection), emitter);

        public void EndMapping() => Events.Emit(new MappingEndEventInfo(Collection), emitter);

        public void StartSequence() => Events.Emit(new SequenceStartEventInfo(Collection), emitter);

        public void EndSequence() => Events.Emit(new SequenceEndEventInfo(Collection), emitter);

        /// <summary>A key of the mapping being written.</summary>
        public void Key(string key) => Scalar(key);

        public void Scalar(string value, ScalarStyle style = ScalarStyle.Any) =>
            Events.Emit(new ScalarEventInfo(new ObjectDescriptor(value, typeof(string), typeof(string), style)), emitter);

        public void Scalar(bool value) => Events.Emit(new ScalarEventInfo(new ObjectDescriptor(value, typeof(bool), typeof(bool))), emitter);

        public void Scalar(int value) => Events.Emit(new ScalarEventInfo(new ObjectDescriptor(value, typeof(int), typeof(int))), emitter);

        /// <summary>A key and its string value, left out when the value is null.</summary>
        public void Entry(string key, string? value, ScalarStyle style = ScalarStyle.Any)
        {
            if (value == null) return;
            Key(key);
            Scalar(value, style);
        }

        /// <summary>A key and its list of strings, left out when the list is empty.</summary>
        public void Entry(string key, IReadOnlyCollection<string> values)
        {
            if (values.Count == 0) return;
            Key(key);
            StartSequence();
            foreach (string value in values) Scalar(value);
            EndSequence();
        }

        /// <summary>Ends the document and the stream, which writes out what the emitter holds back.</summary>
        public void Dispose()
        {
            emitter.Emit(new DocumentEnd(isImplicit: true));
            emitter.Emit(new StreamEnd());
        }
    }
}
