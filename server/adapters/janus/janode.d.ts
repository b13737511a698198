// janode ships no type declarations; janusAudioBridge.ts types the few parts it uses.
declare module 'janode';
declare module 'janode/plugins/audiobridge';
