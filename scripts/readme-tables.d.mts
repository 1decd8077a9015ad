export declare function actionDirs(): string[];
export declare function renderTables(actionYml: string): string;
export declare function updateReadme(readme: string): { readme: string; missing: string[] };
